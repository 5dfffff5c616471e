package org.carechain.cli.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carechain.cli.CareChainCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code carechain trace} without a cluster: what it refuses to try, and how it reports what services say. */
class TraceCommandTest {

    private static final String TRACE = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requests = new ArrayList<>();

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CareChainCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        Run run = new Run(commandLine.execute(args), out.toString(), err.toString());
        assertFalse((run.out + run.err).contains("\tat "), "a stack trace was printed:\n" + run);
        return run;
    }

    /** A stand-in for both services: each path answers a fixed status and JSON body; requests are recorded. */
    private String serve(Map<String, Map.Entry<Integer, String>> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            requests.add(key + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            Map.Entry<Integer, String> answer = answers.getOrDefault(key, Map.entry(404,
                    "{\"code\":404,\"error\":\"not found\"}"));
            byte[] body = answer.getValue().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.getKey(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private String tokenFile() throws IOException {
        return Files.writeString(dir.resolve("token"), "test-token\n").toString();
    }

    @Test
    void everyStepIsASubcommand() {
        Run help = run("trace", "--help");
        assertEquals(0, help.exit());
        for (String step : List.of("request", "approve", "partial", "show", "identity")) {
            assertTrue(help.out().contains(step), help.out());
        }
    }

    @Test
    void malformedArgumentsAreRefusedBeforeAnythingIsReadOrSent() {
        Run badTrace = run("trace", "show", "--officer", "officer1", "--trace", "ABC");
        assertEquals(2, badTrace.exit());
        assertTrue(badTrace.err().contains("--trace must be a trace id"), badTrace.err());
        Run badStage = run("trace", "partial", "--officer", "officer1", "--trace", TRACE, "--stage", "rid");
        assertEquals(2, badStage.exit());
        assertTrue(badStage.err().contains("--stage must be link-tag or identity"), badStage.err());
        Run badReason = run("trace", "request", "--officer", "officer1", "--serial", "1f", "--reason", "curiosity");
        assertEquals(2, badReason.exit());
        assertTrue(badReason.err().contains("--reason must be one of court-order"), badReason.err());
        Run badSerial = run("trace", "request", "--officer", "officer1", "--serial", "xyz", "--reason", "court-order");
        assertEquals(2, badSerial.exit());
        assertTrue(badSerial.err().contains("--serial"), badSerial.err());
        Run badOfficer = run("trace", "show", "--officer", "officer 1", "--trace", TRACE);
        assertEquals(2, badOfficer.exit());
        assertTrue(badOfficer.err().contains("--officer"), badOfficer.err());
        Run noOfficer = run("trace", "identity", "--trace", TRACE);
        assertEquals(2, noOfficer.exit());
        assertTrue(noOfficer.err().contains("--officer"), noOfficer.err());
    }

    @Test
    void aMissingOrMalformedKeyOrShareFileIsExplained() throws IOException {
        Run noKey = run("trace", "approve", "--officer", "officer1", "--trace", TRACE,
                "--officer-key", dir.resolve("absent.key").toString());
        assertEquals(2, noKey.exit());
        assertTrue(noKey.err().contains("cannot read the signing key: no file"), noKey.err());
        Path share = Files.writeString(dir.resolve("officer1.share"), "00ff\n");
        Run badShare = run("trace", "partial", "--officer", "officer1", "--trace", TRACE, "--stage", "link-tag",
                "--share", share.toString());
        assertEquals(2, badShare.exit());
        assertTrue(badShare.err().contains("does not hold an escrow key share"), badShare.err());
        assertFalse(badShare.err().contains("00ff"), "the share's content is not echoed");
    }

    @Test
    void withoutALocalClusterOrAReachableServiceItSaysSo() throws IOException {
        Path checkout = Files.createDirectories(dir.resolve("checkout"));
        Run none = run("trace", "show", "--officer", "officer1", "--trace", TRACE, "--home", checkout.toString());
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("no local cluster is running"), none.err());
        Run unreachable = run("trace", "show", "--officer", "officer1", "--trace", TRACE,
                "--certificate-url", "http://127.0.0.1:1", "--registration-url", "http://127.0.0.1:1",
                "--token-file", tokenFile());
        assertEquals(2, unreachable.exit());
        assertTrue(unreachable.err().contains("cannot reach certificate-service at http://127.0.0.1:1/"), unreachable.err());
    }

    @Test
    void aServicesRefusalIsExitCodeOneWithItsReason() throws IOException {
        String url = serve(Map.of("GET /api/v1/traces/" + TRACE + "/identity", Map.entry(403,
                "{\"code\":403,\"error\":\"only the officer who asked for the trace may see the identity\"}")));
        Run refused = run("trace", "identity", "--officer", "officer2", "--trace", TRACE, "--certificate-url", url,
                "--registration-url", url, "--token-file", tokenFile());
        assertEquals(1, refused.exit());
        assertEquals("carechain: registration-service refused (403): only the officer who asked for the trace may see"
                + " the identity\n", refused.err());
        assertEquals(List.of("GET /api/v1/traces/" + TRACE + "/identity Bearer test-token"), requests);
    }

    @Test
    void anIdentityPartialBeforeTheLinkTagIsOpenIsNotSent() throws IOException {
        String url = serve(Map.of("GET /api/v1/traces/" + TRACE, Map.entry(200, "{\"traceId\":\"" + TRACE + "\","
                + "\"threshold\":2,\"approvedBy\":[\"officer1\",\"officer2\"],\"linkTagPartials\":1,\"identityPartials\":0,"
                + "\"linkTagOpened\":false,\"identityEnc\":null,\"identityReady\":false}")));
        Path share = Files.writeString(dir.resolve("share"), java.util.HexFormat.of().formatHex(
                org.carechain.crypto.escrow.ThresholdEscrow.dealFreshKey(2, 3, new java.security.SecureRandom())
                        .shares().get(0).toByteArray()));
        Run early = run("trace", "partial", "--officer", "officer1", "--trace", TRACE, "--stage", "identity",
                "--share", share.toString(), "--certificate-url", url, "--registration-url", url,
                "--token-file", tokenFile());
        assertEquals(1, early.exit());
        assertTrue(early.err().contains("the link tag is not open yet (1 of the 2"), early.err());
        assertEquals(1, requests.size(), "only the progress was asked for: " + requests);
    }

    @Test
    void theIdentityIsPrintedFieldByField() throws IOException {
        String url = serve(Map.of("GET /api/v1/traces/" + TRACE + "/identity", Map.entry(200,
                "{\"v\":1,\"givenName\":\"barnaby\",\"familyName\":\"quillfeather\",\"birthDate\":\"1979-03-02\","
                        + "\"nationalId\":\"DEMO00000001\"}")));
        Run shown = run("trace", "identity", "--officer", "officer1", "--trace", TRACE, "--certificate-url", url,
                "--registration-url", url, "--token-file", tokenFile());
        assertEquals(0, shown.exit(), shown.err());
        assertTrue(shown.out().contains("  givenName: barnaby\n  familyName: quillfeather\n  birthDate: 1979-03-02\n"
                + "  nationalId: DEMO00000001\n"), shown.out());
        assertFalse(shown.out().contains("v: 1"), shown.out());
    }
}
