package org.carechain.cli.cluster;

import java.util.Optional;

/** The services of a local cluster, in start order: each starts after the one it calls. */
public enum CareChainService {
    LEDGER("ledger-service", 8081, null),
    REGISTRATION("registration-service", 8082, LEDGER),
    CERTIFICATE("certificate-service", 8083, REGISTRATION),
    SEARCH("search-service", 8084, LEDGER);

    private final String serviceName;
    private final int conventionalPort;
    private final CareChainService downstream;

    CareChainService(String serviceName, int conventionalPort, CareChainService downstream) {
        this.serviceName = serviceName;
        this.conventionalPort = conventionalPort;
        this.downstream = downstream;
    }

    /** The logical name, which is also the Maven module directory, e.g. {@code ledger-service}. */
    public String serviceName() {
        return serviceName;
    }

    /** The port the service uses when it is free; otherwise the cluster picks another. */
    public int conventionalPort() {
        return conventionalPort;
    }

    /** The service this one calls in the ping chain. */
    public Optional<CareChainService> downstream() {
        return Optional.ofNullable(downstream);
    }

    /** The short name used in database names and environment variables, e.g. {@code ledger}. */
    public String shortName() {
        return serviceName.substring(0, serviceName.indexOf('-'));
    }

    public static Optional<CareChainService> byName(String name) {
        for (CareChainService service : values()) {
            if (service.serviceName.equals(name) || service.shortName().equals(name)) {
                return Optional.of(service);
            }
        }
        return Optional.empty();
    }
}
