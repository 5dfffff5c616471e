package org.carechain.cli.demo;

import io.grpc.health.v1.HealthGrpc;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.carechain.cli.cluster.CareChainService;
import org.carechain.cli.cluster.DevTokenIssuer;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.cluster.RunningService;
import org.carechain.proto.system.v1.Hop;
import org.carechain.proto.system.v1.PingRequest;
import org.carechain.proto.system.v1.PingResponse;
import org.carechain.proto.system.v1.SystemServiceGrpc;

/**
 * The demo scenario of the local cluster: every service is healthy over gRPC, each gRPC ping
 * chain crosses the services it should, the REST API lets only the right tokens in, then the
 * ledger, EHR, PKI, tracing, search and interoperability scenes ({@link LedgerDemo}, {@link EhrDemo},
 * {@link PkiDemo}, {@link TraceDemo}, {@link SearchDemo}, {@link InteropDemo}). Each step
 * prints what it saw, and the demo fails if anything differs from what it expects.
 */
public final class ClusterDemo {

    private static final String PING_PATH = "/api/v1/system/ping";

    private final LocalCluster cluster;
    private final DevTokenIssuer tokens;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ClusterDemo(LocalCluster cluster, DevTokenIssuer tokens, PrintStream out) {
        this.cluster = cluster;
        this.tokens = tokens;
        this.out = out;
    }

    /** Runs every step; returns the number of steps that did not show what they should. */
    public int run() {
        int failures = 0;
        out.println();
        out.println("== gRPC health ==");
        for (RunningService service : cluster.services()) {
            ServingStatus status = grpcHealth(service);
            failures += report(status == ServingStatus.SERVING, service.service().instanceName() + ": " + status);
        }
        out.println();
        out.println("== gRPC ping chains ==");
        for (CareChainService entry : List.of(CareChainService.CERTIFICATE, CareChainService.SEARCH,
                CareChainService.REGISTRATION, CareChainService.LEDGER_0)) {
            List<String> expected = expectedChain(entry);
            List<String> seen = ping(entry).getHopsList().stream().map(Hop::getService).toList();
            failures += report(seen.equals(expected), String.join(" <- ", seen));
        }
        out.println();
        out.println("== REST with JWT (POST " + PING_PATH + " on registration-service) ==");
        URI registration = cluster.uri(CareChainService.REGISTRATION);
        failures += expectStatus(registration, Optional.empty(), 401, "no token");
        failures += expectStatus(registration, Optional.of(tokens.mint("demo-patient", List.of("patient"), Duration.ofMinutes(5))),
                403, "patient token");
        failures += expectStatus(registration, Optional.of(tokens.mint("demo-admin", List.of("admin"), Duration.ofMinutes(5))),
                200, "admin token");
        out.println();
        out.println("== Ledger: four validators commit and prove record events (Tendermint BFT) ==");
        LedgerDemo ledger = new LedgerDemo(cluster, out);
        try {
            failures += ledger.run(this::report);
        } finally {
            ledger.close();
        }
        out.println();
        out.println("== EHR: change capture, record proofs and the integrity audit ==");
        failures += new EhrDemo(cluster, tokens, out).run(this::report);
        out.println();
        out.println("== PKI: enrolment, an anonymous certificate, login, OCSP and revocation ==");
        failures += new PkiDemo(cluster, tokens, out).run(this::report);
        out.println();
        out.println("== Tracing: k of n CA officers open a certificate's link tag and identity (threshold decryption) ==");
        failures += new TraceDemo(cluster, tokens, out).run(this::report);
        out.println();
        out.println("== Search: verifiable encrypted search over hospital1's records ==");
        failures += new SearchDemo(cluster, tokens, out).run(this::report);
        out.println();
        out.println("== Interoperability: consent, record exchange between hospitals, and the access trail ==");
        failures += new InteropDemo(cluster, tokens, out).run(this::report);
        out.println();
        out.println(failures == 0 ? "demo: all checks passed" : "demo: " + failures + " check(s) failed");
        return failures;
    }

    /** The hops a ping to the service must show: its downstream chain, deepest first, then itself. */
    public static List<String> expectedChain(CareChainService service) {
        List<String> chain = new java.util.ArrayList<>();
        for (Optional<CareChainService> s = Optional.of(service); s.isPresent(); s = s.get().downstream()) {
            chain.add(0, s.get().serviceName());
        }
        return chain;
    }

    public PingResponse ping(CareChainService service) {
        ManagedChannel channel = channel(cluster.service(service));
        try {
            return SystemServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .ping(PingRequest.newBuilder().setNonce("demo").build());
        } finally {
            channel.shutdownNow();
        }
    }

    public ServingStatus grpcHealth(RunningService service) {
        ManagedChannel channel = channel(service);
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        } finally {
            channel.shutdownNow();
        }
    }

    private int expectStatus(URI service, Optional<String> token, int expected, String label) {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.resolve(PING_PATH))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"nonce\":\"demo\"}"));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return report(response.statusCode() == expected,
                    label + " -> " + response.statusCode() + " " + abbreviate(response.body()));
        } catch (IOException e) {
            return report(false, label + " -> " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report(false, label + " -> interrupted");
        }
    }

    private int report(boolean ok, String line) {
        out.println((ok ? "  ok    " : "  FAIL  ") + line);
        return ok ? 0 : 1;
    }

    private static ManagedChannel channel(RunningService service) {
        return ManagedChannelBuilder.forTarget(service.grpcTarget()).usePlaintext().build();
    }

    private static String abbreviate(String body) {
        String flat = body.lines().collect(Collectors.joining(" "));
        return flat.length() <= 160 ? flat : flat.substring(0, 157) + "...";
    }
}
