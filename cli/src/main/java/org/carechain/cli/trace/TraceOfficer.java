package org.carechain.cli.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.carechain.crypto.escrow.EscrowCipher;
import org.carechain.crypto.escrow.EscrowKeyShare;
import org.carechain.crypto.escrow.PartialDecryption;
import org.carechain.crypto.escrow.ThresholdEscrow;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.pki.MalformedPkiDataException;
import org.carechain.crypto.pki.TraceApprovalSigning;
import org.carechain.crypto.sign.Ed25519PrivateKey;

/**
 * A CA officer's side of tracing (docs/certificates.md, "Tracing"), over the public REST APIs of
 * certificate-service (requests and approvals, recorded on {@code cbc}) and registration-service
 * (partial decryptions and the disclosure). What is secret stays here: the officer's signing key
 * signs the approval locally, and the escrow key share computes the partial decryption locally;
 * neither is sent anywhere. Used by {@code carechain trace} and the demo.
 *
 * <p>Every call answers with what the service sent back, or throws {@link TraceFailure}: {@link
 * TraceFailure#REFUSED} when the service refused (its status and reason), {@link
 * TraceFailure#CANNOT_RUN} when it could not be asked or its answer makes no sense.
 */
public final class TraceOfficer {

    /** Why a trace may be asked for, as certificate-service accepts them. */
    public static final List<String> REASONS = List.of("court-order", "fraud-investigation", "patient-safety",
            "security-incident");

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SERIAL = Pattern.compile("[0-9a-fA-F]{1,40}");
    private static final Pattern OFFICER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What officers decrypt: the certificate's link tag first, then the registration's identity envelope. */
    public enum Stage {
        LINK_TAG("link-tag"), IDENTITY("identity");

        private final String wire;

        Stage(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** @throws IllegalArgumentException unless {@code link-tag} or {@code identity} */
        public static Stage of(String text) {
            for (Stage stage : values()) {
                if (stage.wire.equals(text)) {
                    return stage;
                }
            }
            throw new IllegalArgumentException("--stage must be link-tag or identity");
        }
    }

    /** A service's JSON answer. */
    public record Answer(int status, JsonNode json) {

        public String text(String field) {
            JsonNode node = json.get(field);
            return node == null || node.isNull() ? null : node.asText();
        }

        public int number(String field) {
            return json.path(field).asInt();
        }

        public List<String> list(String field) {
            List<String> values = new java.util.ArrayList<>();
            json.path(field).forEach(value -> values.add(value.asText()));
            return values;
        }
    }

    private final URI certificateService;
    private final URI registrationService;
    private final String officerId;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TraceOfficer(URI certificateService, URI registrationService, String officerId, String token) {
        this.certificateService = Objects.requireNonNull(certificateService, "certificateService");
        this.registrationService = Objects.requireNonNull(registrationService, "registrationService");
        this.officerId = officerId(officerId);
        this.token = Objects.requireNonNull(token, "token");
    }

    public String officerId() {
        return officerId;
    }

    // ---- input checks, shared with the command line ---------------------------------------------

    /** @throws IllegalArgumentException unless 32 lower-case hex digits */
    public static String traceId(String id) {
        if (id == null || !TRACE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("--trace must be a trace id: 32 lower-case hex digits");
        }
        return id;
    }

    /** @throws IllegalArgumentException unless hex; returns it in lower case */
    public static String serial(String serial) {
        if (serial == null || !SERIAL.matcher(serial).matches()) {
            throw new IllegalArgumentException("--serial must be the certificate's serial number in hex");
        }
        return serial.toLowerCase(java.util.Locale.ROOT);
    }

    /** @throws IllegalArgumentException unless one of {@link #REASONS} */
    public static String reason(String reason) {
        if (!REASONS.contains(reason)) {
            throw new IllegalArgumentException("--reason must be one of " + String.join(", ", REASONS));
        }
        return reason;
    }

    /** @throws IllegalArgumentException unless a plausible officer id */
    public static String officerId(String officer) {
        if (officer == null || !OFFICER.matcher(officer).matches()) {
            throw new IllegalArgumentException("--officer must be an officer id of the tracing policy, e.g. officer1");
        }
        return officer;
    }

    /** An officer's approval-signing key: an Ed25519 seed, 64 hex digits. */
    public static Ed25519PrivateKey signingKey(Path file) {
        try {
            return Ed25519PrivateKey.create(HexFormat.of().parseHex(read(file, "signing key")));
        } catch (IllegalArgumentException | InvalidKeyException e) {
            throw TraceFailure.cannotRun(file + " does not hold an Ed25519 seed (64 hex digits)");
        }
    }

    /** An officer's escrow key share: the EscrowKeyShare encoding, hex. */
    public static EscrowKeyShare share(Path file) {
        try {
            return EscrowKeyShare.parse(HexFormat.of().parseHex(read(file, "escrow key share")));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw TraceFailure.cannotRun(file + " does not hold an escrow key share (hex)");
        }
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            throw TraceFailure.cannotRun("cannot read the " + what + ": no file " + file);
        } catch (IOException e) {
            throw TraceFailure.cannotRun("cannot read the " + what + " from " + file + ": " + e.getMessage());
        }
    }

    // ---- the steps --------------------------------------------------------------------------------

    /** POST /api/v1/traces at certificate-service: the request goes on cbc. */
    public Answer request(String serial, String reason) {
        ObjectNode body = JSON.createObjectNode().put("serial", serial(serial)).put("reason", reason(reason));
        return send("certificate-service", post(certificateService.resolve("/api/v1/traces"), body));
    }

    /** GET /api/v1/traces/{id} at certificate-service: the request, its approvals and the certificate. */
    public Answer trace(String traceId) {
        return send("certificate-service", get(certificateService.resolve("/api/v1/traces/" + traceId(traceId))));
    }

    /** GET /api/v1/traces/{id} at registration-service: what the RBC reads on cbc and the partials it holds. */
    public Answer progress(String traceId) {
        return send("registration-service", get(registrationService.resolve("/api/v1/traces/" + traceId(traceId))));
    }

    /**
     * Approves the trace in this officer's name: fetches it from certificate-service, checks that
     * the certificate hash it names is the hash of the certificate it shows, signs (trace id,
     * certificate hash, officer id, now) with the officer's key and sends the signature.
     */
    public Answer approve(String traceId, Ed25519PrivateKey key) {
        Answer trace = trace(traceId);
        AnonymousCertificate certificate = tracedCertificate(trace);
        byte[] hash = certificate.sha256().toByteArray();
        long now = System.currentTimeMillis();
        byte[] signature = TraceApprovalSigning.sign(key, traceId, hash, officerId, now);
        ObjectNode body = JSON.createObjectNode().put("officerId", officerId).put("approvedAtMillis", now)
                .put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
        return send("certificate-service", post(certificateService.resolve("/api/v1/traces/" + traceId + "/approvals"), body));
    }

    /**
     * Computes this officer's partial decryption with its share and sends it to registration-service.
     * For the link tag, what is decrypted is the traced certificate's link tag (from
     * certificate-service, sent along so the RBC can start the trace); for the identity, the
     * identity envelope's encapsulated key, which the RBC shows once the link tag is open.
     */
    public Answer partial(String traceId, EscrowKeyShare share, Stage stage) {
        ObjectNode body = JSON.createObjectNode().put("stage", stage.wire());
        byte[] enc;
        if (stage == Stage.LINK_TAG) {
            AnonymousCertificate certificate = tracedCertificate(trace(traceId));
            try {
                enc = EscrowCipher.encapsulatedKey(certificate.linkTag());
            } catch (GeneralSecurityException e) {
                throw TraceFailure.cannotRun("the traced certificate's link tag is malformed: " + e.getMessage());
            }
            body.put("certificate", certificate.toPem());
        } else {
            Answer progress = progress(traceId);
            String identityEnc = progress.text("identityEnc");
            if (identityEnc == null) {
                throw TraceFailure.refused("registration-service", 409, "the link tag is not open yet ("
                        + progress.number("linkTagPartials") + " of the " + progress.number("threshold")
                        + " link-tag partial decryptions are in); send link-tag partials first");
            }
            try {
                enc = Base64.getDecoder().decode(identityEnc);
            } catch (IllegalArgumentException e) {
                throw TraceFailure.cannotRun("registration-service sent an identityEnc that is not base64");
            }
        }
        PartialDecryption partial;
        try {
            partial = ThresholdEscrow.partial(share, enc);
        } catch (InvalidKeyException e) {
            throw TraceFailure.cannotRun("what there is to decrypt is not a valid encapsulated key: " + e.getMessage());
        }
        body.put("partial", Base64.getEncoder().encodeToString(partial.toByteArray()));
        return send("registration-service", post(registrationService.resolve("/api/v1/traces/" + traceId + "/partials"), body));
    }

    /** GET /api/v1/traces/{id}/identity at registration-service: only for the officer who asked. */
    public Answer identity(String traceId) {
        return send("registration-service", get(registrationService.resolve("/api/v1/traces/" + traceId(traceId) + "/identity")));
    }

    /** The certificate a trace names, checked against the hash recorded with the request. */
    public static AnonymousCertificate tracedCertificate(Answer trace) {
        String pem = trace.text("certificate");
        String hash = trace.text("certificateHash");
        AnonymousCertificate certificate;
        try {
            certificate = AnonymousCertificate.parsePem(pem == null ? "" : pem);
        } catch (MalformedPkiDataException | IllegalArgumentException e) {
            throw TraceFailure.cannotRun("certificate-service sent a trace without a readable certificate: " + e.getMessage());
        }
        if (hash == null || !certificate.sha256().toHex().equalsIgnoreCase(hash)) {
            throw TraceFailure.cannotRun("certificate-service sent a certificate that is not the one the trace names"
                    + " (its SHA-256 differs from the trace's certificate hash); nothing was signed or sent");
        }
        return certificate;
    }

    // ---- HTTP -------------------------------------------------------------------------------------

    private HttpRequest.Builder get(URI uri) {
        return HttpRequest.newBuilder(uri).GET();
    }

    private HttpRequest.Builder post(URI uri, ObjectNode body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private Answer send(String service, HttpRequest.Builder request) {
        HttpResponse<String> response;
        URI uri = request.build().uri();
        try {
            response = http.send(request.timeout(Duration.ofSeconds(60)).header("Accept", "application/json")
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw TraceFailure.cannotRun("cannot reach " + service + " at " + uri.resolve("/") + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TraceFailure.cannotRun("interrupted while waiting for " + service);
        }
        JsonNode json;
        try {
            json = response.body().isBlank() ? null : JSON.readTree(response.body());
        } catch (IOException notJson) {
            json = null;
        }
        if (response.statusCode() / 100 != 2) {
            JsonNode error = json == null ? null : json.get("error");
            throw TraceFailure.refused(service, response.statusCode(), error != null ? error.asText()
                    : response.statusCode() == 401 ? "the token was not accepted" : "no reason given");
        }
        if (json == null || !json.isObject()) {
            throw TraceFailure.cannotRun(service + " answered " + response.statusCode() + " without a JSON object");
        }
        return new Answer(response.statusCode(), json);
    }
}
