package org.carechain.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.pki.CaCertificate;

/**
 * What a registrar's desk and a patient's app send to the local RBC and CA, over their public
 * REST APIs: enrolment, a key and its PKCS#10 request, issuance, certificate login, OCSP, the CRL
 * and revocation. Each call returns what came back; the caller decides what it should have been.
 */
public final class PkiClient {

    /** What the app signs to log in: this prefix, then the challenge as received. */
    public static final String LOGIN_PREFIX = "carechain/auth/login/v1:";

    /** RFC 5280 CRLReason names, by code. */
    private static final List<String> REASONS = List.of("unspecified", "keyCompromise", "cACompromise",
            "affiliationChanged", "superseded", "cessationOfOperation", "certificateHold", "7", "removeFromCRL",
            "privilegeWithdrawn", "aACompromise");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final URI registration;
    private final URI certificate;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SecureRandom random = new SecureRandom();

    public PkiClient(URI registration, URI certificate) {
        this.registration = registration;
        this.certificate = certificate;
    }

    /** An HTTP answer: its status and JSON body ({@code null} if the body is not JSON). */
    public record Reply(int status, JsonNode json, String text) {

        public String field(String path) {
            JsonNode node = json;
            for (String name : path.split("\\.")) {
                node = node == null ? null : node.get(name);
            }
            return node == null || node.isNull() ? null : node.asText();
        }

        /** The error's message, or the body, for a line of output. */
        public String error() {
            String error = field("error");
            return error != null ? error : text;
        }
    }

    /** A person to enrol; synthetic data only. */
    public record Person(String givenName, String familyName, String birthDate, String nationalId) {

        /** The attributes, for checking that none of them shows up where it must not. */
        public List<String> attributes() {
            return List.of(givenName, familyName, birthDate, nationalId);
        }
    }

    /** The OCSP answer for one certificate, its signature checked against the CA root. */
    public record OcspAnswer(String status, String revocationReason) {}

    /** POST /api/v1/registrations with a registrar's token. */
    public Reply enrol(Person person, String role, String organization, String registrarToken)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("givenName", person.givenName())
                .put("familyName", person.familyName()).put("birthDate", person.birthDate())
                .put("nationalId", person.nationalId()).put("role", role).put("organization", organization);
        return send(HttpRequest.newBuilder(registration.resolve("/api/v1/registrations"))
                .header("Authorization", "Bearer " + registrarToken), "application/json", body.toString());
    }

    /** The app's fresh key: Ed25519, made on the device; it never leaves it. */
    public static KeyPair newAppKey() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /** A PKCS#10 request for the key, signed with it (proof of possession); the CA ignores its subject. */
    public static String csr(KeyPair key) throws IOException {
        try {
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                    new X500Principal("CN=carechain-app"), key.getPublic())
                    .build(new JcaContentSignerBuilder("Ed25519").build(key.getPrivate()));
            return pem("CERTIFICATE REQUEST", request.getEncoded());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a PKCS#10 request with Ed25519", e);
        }
    }

    /** POST /api/v1/certificates: the request and the registration credential, no token. */
    public Reply issue(String csr, String credential) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("csr", csr).put("credential", credential);
        return send(HttpRequest.newBuilder(certificate.resolve("/api/v1/certificates")), "application/json", body.toString());
    }

    /**
     * Certificate login: POST /auth/challenge, sign the prefix and the challenge with the
     * certificate's key, POST /auth/token. The token is in {@code accessToken} when it succeeds.
     */
    public Reply login(AnonymousCertificate holder, KeyPair key) throws IOException, InterruptedException,
            GeneralSecurityException {
        Reply challenge = send(HttpRequest.newBuilder(certificate.resolve("/auth/challenge")), "application/json", "");
        if (challenge.status() != 200) {
            return challenge;
        }
        String nonce = challenge.field("challenge");
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update((LOGIN_PREFIX + nonce).getBytes(StandardCharsets.UTF_8));
        ObjectNode body = JSON.createObjectNode().put("certificate", holder.toPem()).put("challenge", nonce)
                .put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign()));
        return send(HttpRequest.newBuilder(certificate.resolve("/auth/token")), "application/json", body.toString());
    }

    /** A JWT's claims, decoded without checking its signature: for showing them. */
    public static JsonNode claims(String jwt) throws IOException {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IOException("not a compact JWT");
        }
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    /**
     * Asks the CA's OCSP responder (POST /ocsp) about one certificate, with a fresh nonce, and
     * checks that the response is signed by the CA root and echoes the nonce.
     *
     * @throws GeneralSecurityException if the response is not successful, not signed by the CA, or
     *     not about this certificate
     */
    public OcspAnswer ocsp(AnonymousCertificate holder, CaCertificate ca) throws IOException, InterruptedException,
            GeneralSecurityException {
        try {
            X509CertificateHolder root = new X509CertificateHolder(ca.toDer());
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                    .get(CertificateID.HASH_SHA1), root, holder.serialNumber());
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce));
            OCSPReq request = new OCSPReqBuilder().addRequest(id).setRequestExtensions(extensions.generate()).build();
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(certificate.resolve("/ocsp"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/ocsp-request")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new GeneralSecurityException("the OCSP responder answered HTTP " + response.statusCode());
            }
            OCSPResp answer = new OCSPResp(response.body());
            if (answer.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new GeneralSecurityException("the OCSP response status is " + answer.getStatus());
            }
            BasicOCSPResp basic = (BasicOCSPResp) answer.getResponseObject();
            if (!basic.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(root))) {
                throw new GeneralSecurityException("the OCSP response is not signed by the CA root");
            }
            Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (echoed == null || !Arrays.equals(echoed.getExtnValue().getOctets(), new DEROctetString(nonce).getEncoded())) {
                throw new GeneralSecurityException("the OCSP response does not echo the request's nonce");
            }
            SingleResp[] entries = basic.getResponses();
            if (entries.length != 1 || !entries[0].getCertID().equals(id)) {
                throw new GeneralSecurityException("the OCSP response is about another certificate");
            }
            Object status = entries[0].getCertStatus();
            if (status == null) {
                return new OcspAnswer("good", null);
            }
            if (status instanceof RevokedStatus revoked) {
                int reason = revoked.hasRevocationReason() ? revoked.getRevocationReason() : -1;
                return new OcspAnswer("revoked", reason >= 0 && reason < REASONS.size() ? REASONS.get(reason) : null);
            }
            return new OcspAnswer(status instanceof UnknownStatus ? "unknown" : status.toString(), null);
        } catch (OCSPException | OperatorCreationException e) {
            throw new GeneralSecurityException("OCSP: " + e.getMessage(), e);
        }
    }

    /** GET /crl: the CA's DER CRL. */
    public byte[] crl() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(certificate.resolve("/crl"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET /crl answered " + response.statusCode());
        }
        return response.body();
    }

    /** GET /.well-known/jwks.json: the consortium's token keys. */
    public String jwks() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(certificate.resolve("/.well-known/jwks.json"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** POST /api/v1/certificates/{serial}/revocation with the holder's (or an officer's) token. */
    public Reply revoke(BigInteger serial, String reason, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(certificate.resolve("/api/v1/certificates/" + serial.toString(16) + "/revocation"))
                .header("Authorization", "Bearer " + token), "application/json",
                JSON.createObjectNode().put("reason", reason).toString());
    }

    private Reply send(HttpRequest.Builder request, String contentType, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = response.body().isBlank() ? null : JSON.readTree(response.body());
        } catch (IOException notJson) {
            json = null;
        }
        return new Reply(response.statusCode(), json, response.body());
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
