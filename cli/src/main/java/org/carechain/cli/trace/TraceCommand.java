package org.carechain.cli.trace;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.carechain.cli.ClusterOptions;
import org.carechain.cli.cluster.CareChainService;
import org.carechain.cli.cluster.ClusterConfig;
import org.carechain.cli.cluster.ClusterException;
import org.carechain.cli.cluster.DevTokenIssuer;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.cluster.LocalConsortium;
import org.carechain.cli.cluster.LocalPki;
import org.carechain.cli.trace.TraceOfficer.Answer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code carechain trace}: a CA officer's commands for conditional traceability. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"A CA officer's side of tracing a certificate back to a person (docs/certificates.md, \"Tracing\"):",
                "request, approve (k of n officers, each signing with its own key, on cbc), send partial decryptions",
                "made with the officer's escrow key share (first of the link tag, then of the identity), and read the",
                "identity. The escrow key is never put together. Exit code 0: done; 1: a service refused; 2: could not run."},
        subcommands = {TraceCommand.Request.class, TraceCommand.Approve.class, TraceCommand.Partial.class,
                TraceCommand.Show.class, TraceCommand.Identity.class})
public final class TraceCommand {

    /** What every trace command shares: who the officer is, where the services are, the token. */
    abstract static class OfficerCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Option(names = "--officer", required = true,
                description = "Your officer id in the consortium's tracing policy, e.g. officer1; the token's subject.")
        String officer;

        @Option(names = "--certificate-url", description = "certificate-service's base URL (default: the local cluster's).")
        URI certificateUrl;

        @Option(names = "--registration-url", description = "registration-service's base URL (default: the local cluster's).")
        URI registrationUrl;

        @Option(names = "--token-file", description = "A file holding your bearer token (ca-officer role, subject = your "
                + "officer id). Default: $CARECHAIN_TOKEN, else a token from the local cluster's development issuer.")
        Path tokenFile;

        private ClusterConfig config;

        @Override
        public final Integer call() {
            try {
                TraceOfficer.officerId(officer);
                check();
                return run(spec.commandLine().getOut());
            } catch (TraceFailure failure) {
                spec.commandLine().getErr().println("carechain: " + failure.getMessage());
                return failure.exitCode();
            } catch (IllegalStateException e) {
                // No checkout found for the local cluster's defaults.
                spec.commandLine().getErr().println("carechain: " + e.getMessage());
                return TraceFailure.CANNOT_RUN;
            }
        }

        /** Checks the command's own options before anything is read or sent. */
        abstract void check();

        abstract int run(PrintWriter out);

        ClusterConfig config() {
            if (config == null) {
                config = cluster.config();
            }
            return config;
        }

        LocalPki localPki() {
            return new LocalConsortium(config().consortiumDir()).pki();
        }

        TraceOfficer client() {
            URI certificate = certificateUrl;
            URI registration = registrationUrl;
            if (certificate == null || registration == null) {
                LocalCluster local = LocalCluster.load(config()).orElseThrow(() -> new ClusterException(
                        "no local cluster is running; start one with ./carechain up, or give --certificate-url and"
                                + " --registration-url"));
                certificate = certificate != null ? certificate : local.uri(CareChainService.CERTIFICATE);
                registration = registration != null ? registration : local.uri(CareChainService.REGISTRATION);
            }
            return new TraceOfficer(certificate, registration, officer, token());
        }

        private String token() {
            if (tokenFile != null) {
                try {
                    String token = Files.readString(tokenFile).strip();
                    if (token.isEmpty()) {
                        throw TraceFailure.cannotRun("the token file " + tokenFile + " is empty");
                    }
                    return token;
                } catch (IOException e) {
                    throw TraceFailure.cannotRun("cannot read the token file " + tokenFile + ": " + e.getMessage());
                }
            }
            String fromEnvironment = System.getenv("CARECHAIN_TOKEN");
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return fromEnvironment.strip();
            }
            // The local cluster trusts its development issuer; a deployment's officers log in with their own.
            return DevTokenIssuer.loadOrCreate(config().jwtDir(), config().jwtIssuer())
                    .mint(officer, List.of("ca-officer"), Duration.ofMinutes(10));
        }
    }

    @Command(name = "request", mixinStandardHelpOptions = true,
            description = "Ask for a trace of a certificate of this CA. The request goes on cbc; prints the trace id.")
    static final class Request extends OfficerCommand {

        @Option(names = "--serial", required = true, description = "The certificate's serial number, hex.")
        String serial;

        @Option(names = "--reason", required = true,
                description = "court-order, fraud-investigation, patient-safety or security-incident.")
        String reason;

        @Override
        void check() {
            TraceOfficer.serial(serial);
            TraceOfficer.reason(reason);
        }

        @Override
        int run(PrintWriter out) {
            Answer trace = client().request(serial, reason);
            out.println("trace " + trace.text("traceId") + " requested on cbc");
            describe(trace, out);
            out.println("next: officers approve it with: carechain trace approve --trace " + trace.text("traceId")
                    + " --officer <id>");
            return 0;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approve a trace in your own name: signs (trace id, certificate hash, officer id, time) with your",
                    "signing key, here, and sends the signature; the approval goes on cbc."})
    static final class Approve extends OfficerCommand {

        @Option(names = "--trace", required = true, description = "The trace id.")
        String traceId;

        @Option(names = "--officer-key", description = "Your approval-signing key, an Ed25519 seed in hex (default: the "
                + "local consortium's pki/escrow/<officer>.key).")
        Path keyFile;

        @Override
        void check() {
            TraceOfficer.traceId(traceId);
        }

        @Override
        int run(PrintWriter out) {
            var key = TraceOfficer.signingKey(keyFile != null ? keyFile : localPki().officerSigningKeyFile(officer));
            Answer trace = client().approve(traceId, key);
            out.println("trace " + traceId + " approved by " + officer + " (signed with your key; recorded on cbc)");
            describe(trace, out);
            return 0;
        }
    }

    @Command(name = "partial", mixinStandardHelpOptions = true,
            description = {"Send your partial decryption, made here with your escrow key share: of the traced certificate's",
                    "link tag (--stage link-tag, first), or of the identity envelope (--stage identity, once the link tag",
                    "is open). registration-service takes it only once k approvals are on cbc, and only if you approved."})
    static final class Partial extends OfficerCommand {

        @Option(names = "--trace", required = true, description = "The trace id.")
        String traceId;

        @Option(names = "--stage", required = true, description = "link-tag or identity.")
        String stage;

        @Option(names = "--share", description = "Your escrow key share, hex (default: the local consortium's "
                + "pki/escrow/<officer>.share).")
        Path shareFile;

        @Override
        void check() {
            TraceOfficer.traceId(traceId);
            TraceOfficer.Stage.of(stage);
        }

        @Override
        int run(PrintWriter out) {
            var share = TraceOfficer.share(shareFile != null ? shareFile : localPki().officerShareFile(officer));
            TraceOfficer.Stage which = TraceOfficer.Stage.of(stage);
            Answer progress = client().partial(traceId, share, which);
            out.println(which.wire() + " partial decryption of " + officer + " accepted (its proof checked) for trace "
                    + traceId);
            progress(progress, out);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "A trace's progress on both sides: the request and approvals (certificate-service, cbc), and the "
                    + "partial decryptions (registration-service).")
    static final class Show extends OfficerCommand {

        @Option(names = "--trace", required = true, description = "The trace id.")
        String traceId;

        @Override
        void check() {
            TraceOfficer.traceId(traceId);
        }

        @Override
        int run(PrintWriter out) {
            TraceOfficer client = client();
            Answer trace = client.trace(traceId);
            out.println("trace " + traceId);
            describe(trace, out);
            progress(client.progress(traceId), out);
            return 0;
        }
    }

    @Command(name = "identity", mixinStandardHelpOptions = true,
            description = "Read the traced person's identity: only the officer who asked for the trace, once k identity "
                    + "partial decryptions are in. Audited as trace.disclose.")
    static final class Identity extends OfficerCommand {

        @Option(names = "--trace", required = true, description = "The trace id.")
        String traceId;

        @Override
        void check() {
            TraceOfficer.traceId(traceId);
        }

        @Override
        int run(PrintWriter out) {
            Answer identity = client().identity(traceId);
            out.println("identity behind trace " + traceId + " (as enrolled, canonical form):");
            identity.json().fields().forEachRemaining(field -> {
                if (!field.getKey().equals("v")) {
                    out.println("  " + field.getKey() + ": " + field.getValue().asText());
                }
            });
            return 0;
        }
    }

    /** certificate-service's view of a trace. */
    static void describe(Answer trace, PrintWriter out) {
        out.println("  certificate: serial " + trace.text("serial") + ", SHA-256 " + trace.text("certificateHash"));
        out.println("  reason: " + trace.text("reason") + "; requested by " + trace.text("requestedBy") + " at "
                + trace.text("requestedAt"));
        List<String> approvedBy = trace.list("approvedBy");
        out.println("  approvals on cbc: " + approvedBy.size() + " of the " + trace.number("threshold") + " needed"
                + (approvedBy.isEmpty() ? "" : " (" + String.join(", ", approvedBy) + ")"));
    }

    /** registration-service's view: what it reads on cbc and the partial decryptions it holds. */
    static void progress(Answer progress, PrintWriter out) {
        int k = progress.number("threshold");
        List<String> approvedBy = progress.list("approvedBy");
        out.println("  registration-service reads on cbc: " + approvedBy.size() + " of the " + k + " approvals"
                + (approvedBy.isEmpty() ? "" : " (" + String.join(", ", approvedBy.stream().sorted().toList()) + ")"));
        out.println("  link tag: " + progress.number("linkTagPartials") + " of " + k + " partial decryptions, "
                + (progress.json().path("linkTagOpened").asBoolean() ? "opened" : "not opened"));
        out.println("  identity: " + progress.number("identityPartials") + " of " + k + " partial decryptions, "
                + (progress.json().path("identityReady").asBoolean()
                        ? "ready for the requesting officer (carechain trace identity)" : "not ready"));
    }

}
