package org.carechain.cli.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a local cluster lives and what it connects to.
 *
 * @param home the project checkout, holding each service's built jar
 * @param stateDir where the cluster keeps its state, logs and development keys
 * @param postgres the PostgreSQL server the services use
 * @param databaseSuffix appended to every database name, so a test cluster never touches the
 *     databases of a developer's running cluster
 * @param jwtIssuer the issuer the services expect in tokens
 */
public record ClusterConfig(Path home, Path stateDir, PostgresServer postgres, String databaseSuffix, String jwtIssuer) {

    public static final String DEFAULT_ISSUER = "https://issuer.carechain.local";

    public ClusterConfig {
        if (!databaseSuffix.matches("[a-z0-9_]{0,16}")) {
            throw new IllegalArgumentException("database suffix must be up to 16 characters of [a-z0-9_]");
        }
    }

    /** The cluster of a developer's checkout, configured from the environment. */
    public static ClusterConfig forCheckout(Path home, Map<String, String> environment) {
        return new ClusterConfig(home, home.resolve(".carechain"), PostgresServer.fromEnvironment(environment), "",
                environment.getOrDefault("CARECHAIN_JWT_ISSUER", DEFAULT_ISSUER));
    }

    public Path serviceJar(CareChainService service) {
        return home.resolve(service.serviceName()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public String databaseName(CareChainService service) {
        return "carechain_" + service.databaseStem() + databaseSuffix;
    }

    /** The EHR database of a provider of the local cluster, e.g. {@code carechain_ehr_hospital1}. */
    public String ehrDatabaseName(String provider) {
        return "carechain_ehr_" + provider.replaceAll("[^a-z0-9_]", "_") + databaseSuffix;
    }

    public Path logFile(CareChainService service) {
        return stateDir.resolve("logs").resolve(service.instanceName() + ".log");
    }

    public Path stateFile() {
        return stateDir.resolve("cluster.properties");
    }

    public Path jwtDir() {
        return stateDir.resolve("jwt");
    }

    /** The local consortium: genesis files and member keys of the ledger validators. */
    public Path consortiumDir() {
        return stateDir.resolve("consortium");
    }

    /** Finds the checkout from a directory inside it: the nearest parent with all service modules. */
    public static Path findHome(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("ledger-service"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside a CareChain checkout: " + start.toAbsolutePath()
                + " (run from the repository, or set CARECHAIN_HOME)");
    }
}
