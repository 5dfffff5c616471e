package org.carechain.cli.cluster;

import java.util.Optional;

/**
 * The processes of a local cluster, in start order: the four ledger validators first, then each
 * service after the one it calls.
 */
public enum CareChainService {
    LEDGER_0("ledger-0", "ledger-service", 8081, null, 0),
    LEDGER_1("ledger-1", "ledger-service", 8085, null, 1),
    LEDGER_2("ledger-2", "ledger-service", 8086, null, 2),
    LEDGER_3("ledger-3", "ledger-service", 8087, null, 3),
    REGISTRATION("registration-service", "registration-service", 8082, LEDGER_0, -1),
    CERTIFICATE("certificate-service", "certificate-service", 8083, REGISTRATION, -1),
    SEARCH("search-service", "search-service", 8084, LEDGER_0, -1);

    private static final int EHR_PROVIDERS = 3;

    private final String instanceName;
    private final String serviceName;
    private final int conventionalPort;
    private final CareChainService downstream;
    private final int validatorIndex;

    CareChainService(String instanceName, String serviceName, int conventionalPort, CareChainService downstream,
            int validatorIndex) {
        this.instanceName = instanceName;
        this.serviceName = serviceName;
        this.conventionalPort = conventionalPort;
        this.downstream = downstream;
        this.validatorIndex = validatorIndex;
    }

    /** The process's name in the cluster, e.g. {@code ledger-2} or {@code search-service}. */
    public String instanceName() {
        return instanceName;
    }

    /** The service it runs, which is also its Maven module, e.g. {@code ledger-service}. */
    public String serviceName() {
        return serviceName;
    }

    /** The port the process uses when it is free; otherwise the cluster picks another. */
    public int conventionalPort() {
        return conventionalPort;
    }

    /** The process this one calls in the ping chain. */
    public Optional<CareChainService> downstream() {
        return Optional.ofNullable(downstream);
    }

    public boolean isValidator() {
        return validatorIndex >= 0;
    }

    /**
     * The validator's id in the genesis, which is also the provider id its records and block
     * rewards count for: {@code hospital1} for {@code ledger-0}, and so on.
     *
     * @throws IllegalStateException if this process is not a validator
     */
    public String validatorId() {
        if (!isValidator()) {
            throw new IllegalStateException(instanceName + " is not a validator");
        }
        return "hospital" + (validatorIndex + 1);
    }

    /**
     * The EHR provider whose database this validator captures: the first three validators run a
     * hospital's EHR; the fourth validates only.
     */
    public Optional<String> ehrProvider() {
        return isValidator() && validatorIndex < EHR_PROVIDERS ? Optional.of(validatorId()) : Optional.empty();
    }

    /** The validators that capture an EHR database. */
    public static java.util.List<CareChainService> ehrProviders() {
        return validators().stream().filter(v -> v.ehrProvider().isPresent()).toList();
    }

    /** The short service name used in database names and environment variables, e.g. {@code ledger}. */
    public String shortName() {
        return serviceName.substring(0, serviceName.indexOf('-'));
    }

    /** The validators, in index order. */
    public static java.util.List<CareChainService> validators() {
        return java.util.Arrays.stream(values()).filter(CareChainService::isValidator).toList();
    }

    /** The database of the process: one per validator, one per other service. */
    String databaseStem() {
        return isValidator() ? shortName() + "_" + validatorIndex : shortName();
    }
}
