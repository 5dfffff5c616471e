package org.carechain.cli.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Runs the CareChain services on one machine, each as its own process on a free port, against
 * a real PostgreSQL. The cluster's state (process ids, ports) is kept in a file, so {@code down}
 * and {@code status} work from another invocation.
 */
public final class LocalCluster {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ClusterConfig config;
    private final Map<CareChainService, RunningService> services;

    private LocalCluster(ClusterConfig config, Map<CareChainService, RunningService> services) {
        this.config = config;
        this.services = services;
    }

    public ClusterConfig config() {
        return config;
    }

    public RunningService service(CareChainService service) {
        RunningService running = services.get(service);
        if (running == null) {
            throw new ClusterException(service.instanceName() + " is not part of this cluster");
        }
        return running;
    }

    public List<RunningService> services() {
        return List.copyOf(services.values());
    }

    /**
     * Starts every service, each after the one it depends on is ready. Fails, stopping what it
     * started, if PostgreSQL is unreachable, a jar is missing, or a service does not get ready.
     */
    public static LocalCluster start(ClusterConfig config, PrintStream out) {
        if (load(config).isPresent()) {
            throw new ClusterException("a cluster is already running from " + config.stateDir()
                    + "; run `carechain status` to see it or `carechain down` to stop it");
        }
        for (CareChainService service : CareChainService.values()) {
            if (!Files.isRegularFile(config.serviceJar(service))) {
                throw new ClusterException("missing " + config.serviceJar(service)
                        + "; build first: ./mvnw -B package -DskipTests");
            }
        }
        config.postgres().checkReachable();
        LocalConsortium consortium = LocalConsortium.ensure(config.consortiumDir());
        if (consortium.created()) {
            // A new consortium starts new chains: validator databases left by an earlier one would
            // hold blocks of another genesis, which the validators refuse, and the RBC's and CA's
            // would hold registrations and certificates recorded on chains that are gone.
            CareChainService.validators().forEach(v -> config.postgres().dropDatabase(config.databaseName(v)));
            List.of(CareChainService.REGISTRATION, CareChainService.CERTIFICATE)
                    .forEach(s -> config.postgres().dropDatabase(config.databaseName(s)));
            if (consortium.replaced()) {
                out.println("the local consortium in " + consortium.dir() + " was made by an older version (other members,"
                        + " or no PKI); it is made anew and its chains, registrations and certificates start again");
            }
            out.println("created the local consortium (genesis, validator keys and PKI: CA, escrow shares of three"
                    + " officers, RBC keys) in " + consortium.dir());
        }
        for (CareChainService service : CareChainService.values()) {
            if (config.postgres().ensureDatabase(config.databaseName(service))) {
                out.println("created database " + config.databaseName(service));
            }
        }
        config.postgres().requireLogicalDecoding();
        for (CareChainService validator : CareChainService.ehrProviders()) {
            String provider = validator.ehrProvider().orElseThrow();
            if (consortium.created()) {
                // A new consortium's capture slots start afresh: an old EHR database would replay nothing.
                config.postgres().dropDatabase(config.ehrDatabaseName(provider));
            }
            if (config.postgres().ensureEhrDatabase(config.ehrDatabaseName(provider))) {
                out.println("created the EHR database " + config.ehrDatabaseName(provider) + " of " + provider
                        + " (FHIR R4 resources as jsonb)");
            }
        }
        DevTokenIssuer issuer = DevTokenIssuer.loadOrCreate(config.jwtDir(), config.jwtIssuer());
        writeJwks(config, issuer, consortium);
        Map<CareChainService, Integer> ports = choosePorts();
        Map<CareChainService, RunningService> started = new EnumMap<>(CareChainService.class);
        LocalCluster cluster = new LocalCluster(config, started);
        java.util.Set<CareChainService> ready = java.util.EnumSet.noneOf(CareChainService.class);
        try {
            // Validators start together (each needs the others to commit); every other service
            // starts once everything before it, including the ledger it calls, is ready.
            for (CareChainService service : CareChainService.values()) {
                RunningService running = launch(config, service, ports, issuer, consortium);
                started.put(service, running);
                cluster.save();
                if (!service.isValidator()) {
                    awaitReadyAll(started.values(), ready, out);
                }
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.stop();
            throw e;
        }
    }

    /** Waits until every started process is ready, printing each as it becomes so. */
    private static void awaitReadyAll(java.util.Collection<RunningService> services,
            java.util.Set<CareChainService> ready, PrintStream out) {
        for (RunningService running : services) {
            if (ready.add(running.service())) {
                awaitReady(running);
                out.printf("%-21s ready on port %d (pid %d)%n", running.service().instanceName(), running.port(), running.pid());
            }
        }
    }

    /** The cluster recorded in the state directory, if its processes are still alive. */
    /**
     * The gRPC address an auditor should ask: a validator that captures no EHR database of its own
     * (ledger-3), so the chain's answer does not come from the audited provider's node.
     */
    public String auditTarget() {
        return "127.0.0.1:" + service(CareChainService.LEDGER_3).port();
    }

    public static Optional<LocalCluster> load(ClusterConfig config) {
        Path file = config.stateFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties state = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            state.load(in);
        } catch (IOException e) {
            throw new ClusterException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<CareChainService, RunningService> services = new EnumMap<>(CareChainService.class);
        for (CareChainService service : CareChainService.values()) {
            String pid = state.getProperty(service.instanceName() + ".pid");
            String port = state.getProperty(service.instanceName() + ".port");
            if (pid != null && port != null) {
                services.put(service, new RunningService(service, Long.parseLong(pid), Integer.parseInt(port),
                        config.logFile(service)));
            }
        }
        boolean anyAlive = services.values().stream().anyMatch(s -> ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false));
        if (!anyAlive) {
            deleteQuietly(file);
            return Optional.empty();
        }
        return Optional.of(new LocalCluster(config, services));
    }

    /** Stops every service process, gracefully first, and forgets the cluster. */
    public void stop() {
        List<ProcessHandle> stopping = new ArrayList<>();
        List<CareChainService> reverse = new ArrayList<>(services.keySet());
        java.util.Collections.reverse(reverse);
        for (CareChainService service : reverse) {
            ProcessHandle.of(services.get(service).pid()).ifPresent(process -> {
                process.destroy();
                stopping.add(process);
            });
        }
        Instant deadline = Instant.now().plusSeconds(15);
        for (ProcessHandle process : stopping) {
            try {
                process.onExit().get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
        deleteQuietly(config.stateFile());
    }

    /**
     * Starts a service of this cluster again, on its port and with its configuration, after it
     * stopped or was killed, and waits until it is ready: a validator catches up from its peers.
     *
     * @throws ClusterException if the service is still running or does not get ready
     */
    public RunningService restart(CareChainService service, PrintStream out) {
        RunningService previous = service(service);
        if (ProcessHandle.of(previous.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            throw new ClusterException(service.instanceName() + " is still running (pid " + previous.pid() + ")");
        }
        Map<CareChainService, Integer> ports = new EnumMap<>(CareChainService.class);
        services.forEach((s, running) -> ports.put(s, running.port()));
        RunningService running = launch(config, service, ports,
                DevTokenIssuer.loadOrCreate(config.jwtDir(), config.jwtIssuer()),
                LocalConsortium.ensure(config.consortiumDir()));
        services.put(service, running);
        save();
        awaitReady(running);
        out.printf("%-21s restarted on port %d (pid %d)%n", service.instanceName(), running.port(), running.pid());
        return running;
    }

    /** Whether the service answers its readiness check now. */
    public static boolean isReady(RunningService service) {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(service.httpUri().resolve("/q/health/ready")).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static RunningService launch(ClusterConfig config, CareChainService service,
            Map<CareChainService, Integer> ports, DevTokenIssuer issuer, LocalConsortium consortium) {
        int port = ports.get(service);
        Path log = config.logFile(service);
        // A validator keeps the significance state of every live record in memory.
        String heap = service.isValidator() ? "-Xmx1g" : "-Xmx256m";
        List<String> command = List.of(javaExecutable(), heap, "-XX:+UseSerialGC", "-jar",
                config.serviceJar(service).toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(config.home().toFile())
                .redirectErrorStream(true);
        try {
            Files.createDirectories(log.getParent());
            builder.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        } catch (IOException e) {
            throw new ClusterException("cannot create " + log.getParent() + ": " + e.getMessage(), e);
        }
        builder.environment().putAll(environment(config, service, ports, issuer, consortium));
        try {
            Process process = builder.start();
            return new RunningService(service, process.pid(), port, log);
        } catch (IOException e) {
            throw new ClusterException("cannot start " + service.instanceName() + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> environment(ClusterConfig config, CareChainService service,
            Map<CareChainService, Integer> ports, DevTokenIssuer issuer, LocalConsortium consortium) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ports.get(service)));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("CARECHAIN_DB_HOST", config.postgres().host());
        env.put("CARECHAIN_DB_PORT", Integer.toString(config.postgres().port()));
        env.put("CARECHAIN_DB_USER", config.postgres().user());
        env.put("CARECHAIN_DB_PASSWORD", config.postgres().password());
        env.put("CARECHAIN_DB_NAME", config.databaseName(service));
        env.put("CARECHAIN_JWT_ISSUER", issuer.issuer());
        // Staff tokens (the development issuer's RS256) and login tokens (the consortium's ES256).
        env.put("CARECHAIN_JWT_PUBLIC_KEY_LOCATION", jwksFile(config).toUri().toString());
        env.put("CARECHAIN_JWT_ALGORITHMS", "RS256,ES256");
        service.downstream().ifPresent(downstream -> {
            String prefix = "CARECHAIN_" + downstream.shortName().toUpperCase(java.util.Locale.ROOT);
            env.put(prefix + "_HOST", "127.0.0.1");
            env.put(prefix + "_PORT", Integer.toString(ports.get(downstream)));
        });
        LocalPki pki = consortium.pki();
        if (service == CareChainService.REGISTRATION) {
            env.put("CARECHAIN_REGISTRATION_SUBMITTER_KEY_FILE",
                    consortium.keyFile(LocalConsortium.REGISTRATION_SUBMITTER).toString());
            env.put("CARECHAIN_REGISTRATION_CREDENTIAL_KEY_FILE", pki.credentialKeyFile().toString());
            env.put("CARECHAIN_REGISTRATION_COMMITMENT_KEY_FILE", pki.commitmentKeyFile().toString());
            env.put("CARECHAIN_REGISTRATION_ESCROW_PUBLIC_KEY", escrowPublicKey(pki));
            // Tracing: the officers' keys and the policy the RBC checks approvals against.
            env.put("CARECHAIN_REGISTRATION_CBC_GENESIS_FILE", consortium.genesisDir().resolve("cbc.json").toString());
        }
        if (service == CareChainService.SEARCH) {
            // Server mode, and owner mode for hospital1 (its ledger node is ledger-0, the downstream).
            LocalSearch search = consortium.search();
            env.put("CARECHAIN_SEARCH_SERVER_OWNERS", LocalSearch.OWNER + ":" + ownerPublicKeyHex(search));
            env.put("CARECHAIN_SEARCH_SERVER_HOST", "127.0.0.1");
            env.put("CARECHAIN_SEARCH_SERVER_PORT", Integer.toString(ports.get(service)));
            env.put("CARECHAIN_SEARCH_OWNER_ENABLED", "true");
            env.put("CARECHAIN_SEARCH_OWNER_PROVIDER", LocalSearch.OWNER);
            env.put("CARECHAIN_SEARCH_OWNER_KEY_FILE", search.ownerKeyFile().toString());
            env.put("CARECHAIN_SEARCH_OWNER_MASTER_KEY_FILE", search.masterKeyFile().toString());
            env.put("CARECHAIN_SEARCH_OWNER_PROVIDER_KEYS_DIR", consortium.providerKeysDir(LocalSearch.OWNER).toString());
            env.put("CARECHAIN_SEARCH_OWNER_EHR_DB_NAME", config.ehrDatabaseName(LocalSearch.OWNER));
        }
        if (service == CareChainService.CERTIFICATE) {
            // Its ping goes to registration-service; its records go to the ledger.
            env.put("CARECHAIN_LEDGER_HOST", "127.0.0.1");
            env.put("CARECHAIN_LEDGER_PORT", Integer.toString(ports.get(CareChainService.LEDGER_0)));
            env.put("CARECHAIN_CERTIFICATE_CA_KEY_FILE", pki.caKeyFile().toString());
            env.put("CARECHAIN_CERTIFICATE_CA_CERTIFICATE_FILE", pki.caCertificateFile().toString());
            env.put("CARECHAIN_CERTIFICATE_SUBMITTER_KEY_FILE",
                    consortium.keyFile(LocalConsortium.CERTIFICATE_SUBMITTER).toString());
            env.put("CARECHAIN_CERTIFICATE_CBC_GENESIS_FILE", consortium.genesisDir().resolve("cbc.json").toString());
            env.put("CARECHAIN_CERTIFICATE_TOKEN_KEY_FILE", pki.tokenKeyFile().toString());
            env.put("CARECHAIN_CERTIFICATE_PUBLIC_URL", "http://127.0.0.1:" + ports.get(service));
        }
        if (service.isValidator()) {
            env.put("CARECHAIN_LEDGER_NODE_ID", service.validatorId());
            env.put("CARECHAIN_LEDGER_GENESIS_DIR", consortium.genesisDir().toString());
            env.put("CARECHAIN_LEDGER_VALIDATOR_KEY_FILE", consortium.keyFile(service.validatorId()).toString());
            env.put("CARECHAIN_LEDGER_PEERS", CareChainService.validators().stream()
                    .map(v -> v.validatorId() + "=127.0.0.1:" + ports.get(v))
                    .collect(java.util.stream.Collectors.joining(",")));
            service.ehrProvider().ifPresent(provider -> {
                env.put("CARECHAIN_CAPTURE_ENABLED", "true");
                env.put("CARECHAIN_CAPTURE_PROVIDER", provider);
                env.put("CARECHAIN_CAPTURE_DB_NAME", config.ehrDatabaseName(provider));
                // Slot names are server-wide, and the local providers share one server.
                env.put("CARECHAIN_CAPTURE_SLOT", config.ehrDatabaseName(provider));
                env.put("CARECHAIN_CAPTURE_KEYS_DIR", consortium.providerKeysDir(provider).toString());
                env.put("CARECHAIN_CAPTURE_SUBMITTER_KEY_FILE",
                        consortium.keyFile(LocalConsortium.captureSubmitter(provider)).toString());
                // Record exchange: the other providers' gateways, gRPC on their ledger nodes' ports.
                env.put("CARECHAIN_EXCHANGE_PEERS", CareChainService.ehrProviders().stream()
                        .filter(other -> other != service)
                        .map(other -> other.ehrProvider().orElseThrow() + "=127.0.0.1:" + ports.get(other))
                        .collect(java.util.stream.Collectors.joining(",")));
            });
        }
        return env;
    }

    private static String ownerPublicKeyHex(LocalSearch search) {
        try {
            return java.util.HexFormat.of().formatHex(
                    org.carechain.cli.ledger.ConsortiumSetup.readKey(search.ownerKeyFile()).publicKey().toByteArray());
        } catch (java.io.IOException e) {
            throw new ClusterException("cannot read the search owner key: " + e.getMessage(), e);
        }
    }

    /** The keys every service verifies tokens with: the development issuer's and the consortium's token key. */
    public static Path jwksFile(ClusterConfig config) {
        return config.jwtDir().resolve("jwks.json");
    }

    private static void writeJwks(ClusterConfig config, DevTokenIssuer issuer, LocalConsortium consortium) {
        try {
            String jwks = new org.jose4j.jwk.JsonWebKeySet(issuer.publicJwk(), consortium.pki().tokenPublicJwk())
                    .toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            Files.createDirectories(config.jwtDir());
            Files.writeString(jwksFile(config), jwks);
        } catch (IOException e) {
            throw new ClusterException("cannot write " + jwksFile(config) + ": " + e.getMessage(), e);
        }
    }

    private static String escrowPublicKey(LocalPki pki) {
        try {
            return pki.escrowPublicKeyHex();
        } catch (IOException e) {
            throw new ClusterException("cannot read " + pki.escrowPublicKeyFile() + ": " + e.getMessage(), e);
        }
    }

    private static void awaitReady(RunningService service) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            boolean alive = ProcessHandle.of(service.pid()).map(ProcessHandle::isAlive).orElse(false);
            if (!alive) {
                throw new ClusterException(service.service().instanceName() + " exited during start-up; last lines of "
                        + service.log() + ":\n" + tail(service.log(), 25));
            }
            if (isReady(service)) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("interrupted while waiting for " + service.service().instanceName());
            }
        }
        throw new ClusterException(service.service().instanceName() + " was not ready within "
                + READY_TIMEOUT.toSeconds() + " s; last lines of " + service.log() + ":\n" + tail(service.log(), 25));
    }

    private void save() {
        Properties state = new Properties();
        services.values().forEach(s -> {
            state.setProperty(s.service().instanceName() + ".pid", Long.toString(s.pid()));
            state.setProperty(s.service().instanceName() + ".port", Integer.toString(s.port()));
        });
        try {
            Files.createDirectories(config.stateDir());
            try (OutputStream out = Files.newOutputStream(config.stateFile())) {
                state.store(out, "CareChain local cluster");
            }
        } catch (IOException e) {
            throw new ClusterException("cannot write " + config.stateFile() + ": " + e.getMessage(), e);
        }
    }

    /** Each process's conventional port when free, another free port otherwise; all before any starts. */
    private static Map<CareChainService, Integer> choosePorts() {
        Map<CareChainService, Integer> ports = new EnumMap<>(CareChainService.class);
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        for (CareChainService service : CareChainService.values()) {
            int port = choosePort(service.conventionalPort());
            while (!taken.add(port)) {
                port = choosePort(0);
            }
            ports.put(service, port);
        }
        return ports;
    }

    private static int choosePort(int preferred) {
        try (ServerSocket socket = new ServerSocket(preferred, 50, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException taken) {
            try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new ClusterException("no free port: " + e.getMessage(), e);
            }
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A stale state file is detected by its dead process ids next time.
        }
    }

    /** For callers that only need the URI of a service in a loaded cluster. */
    public URI uri(CareChainService service) {
        return service(service).httpUri();
    }
}
