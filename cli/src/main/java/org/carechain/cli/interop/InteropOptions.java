package org.carechain.cli.interop;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.carechain.cli.ClusterOptions;
import org.carechain.cli.cluster.CareChainService;
import org.carechain.cli.cluster.ClusterConfig;
import org.carechain.cli.cluster.ClusterException;
import org.carechain.cli.cluster.DevTokenIssuer;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.crypto.Hash;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the consent, exchange and access-report commands go and with which token: a gateway
 * given with {@code --gateway} and a token with {@code --token-file}, or by default the local
 * cluster's hospital1 gateway (ledger-0) and a token of its development issuer.
 */
public final class InteropOptions {

    /** The local cluster's gateway of the requesting provider: hospital1's ledger node. */
    public static final CareChainService LOCAL_GATEWAY = CareChainService.LEDGER_0;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--gateway", paramLabel = "URL",
            description = "Your provider's gateway (its ledger node's base URL); default: the local cluster's hospital1 gateway.")
    URI gateway;

    @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding your bearer token.")
    Path tokenFile;

    private LocalCluster local;

    public URI gateway() {
        if (gateway != null) {
            if (gateway.getScheme() == null || gateway.getHost() == null
                    || !List.of("http", "https").contains(gateway.getScheme())) {
                throw new IllegalArgumentException("--gateway must be an http(s) URL such as http://127.0.0.1:8081");
            }
            return gateway;
        }
        return localCluster().uri(LOCAL_GATEWAY);
    }

    public boolean explicitGateway() {
        return gateway != null;
    }

    public boolean hasTokenFile() {
        return tokenFile != null;
    }

    /** The token of {@code --token-file}, or the development issuer's for the subject and role. */
    public String token(String devSubject, String devRole, Map<String, String> devClaims) {
        if (tokenFile != null) {
            return readToken(tokenFile);
        }
        if (gateway != null) {
            throw new IllegalArgumentException("--token-file is needed with --gateway");
        }
        localCluster();
        return devTokens().mint(devSubject, List.of(devRole), Duration.ofMinutes(10), devClaims);
    }

    /** A development patient token of the local cluster: its {@code patient_ref} is the patient. */
    public String patientToken(Hash patientRef) {
        return token("patient-app", "patient", Map.of("patient_ref", patientRef.toHex()));
    }

    public LocalCluster localCluster() {
        if (local == null) {
            local = LocalCluster.load(config()).orElseThrow(() -> new ClusterException(
                    "no local cluster is running; start one with ./carechain up, or give --gateway and --token-file"));
        }
        return local;
    }

    public ClusterConfig config() {
        return cluster.config();
    }

    /** The local consortium's ehr genesis file. */
    public Path localEhrGenesis() {
        return config().consortiumDir().resolve("genesis").resolve("ehr.json");
    }

    public DevTokenIssuer devTokens() {
        return DevTokenIssuer.loadOrCreate(config().jwtDir(), config().jwtIssuer());
    }

    static String readToken(Path file) {
        try {
            String token = Files.readString(file).strip();
            if (token.isEmpty()) {
                throw new IllegalArgumentException("the token file " + file + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the token file " + file);
        }
    }

    /** A patient pseudonym given on the command line: 64 hex digits. */
    public static Hash patientRef(String value, String option) {
        if (value == null || !value.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(option + " must be a patient pseudonym of 64 hex digits");
        }
        return Hash.fromHex(value.toLowerCase(java.util.Locale.ROOT));
    }
}
