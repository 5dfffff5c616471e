package org.carechain.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.carechain.cli.cluster.CareChainService;
import org.carechain.cli.cluster.DevTokenIssuer;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.cluster.LocalConsortium;
import org.carechain.cli.cluster.LocalPki;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.pki.CaCertificate;

/**
 * The PKI part of the demo: a registrar enrols a patient on the registration chain; the patient's
 * app gets an anonymous certificate for a key of its own, logs in with it, checks it by OCSP,
 * and revokes it. The identity is synthetic and is printed only as the registrar typed it; the
 * registration id, which links a person's certificates, is never printed.
 */
public final class PkiDemo {

    private final LocalCluster cluster;
    private final DevTokenIssuer tokens;
    private final PrintStream out;
    private final PkiClient client;

    public PkiDemo(LocalCluster cluster, DevTokenIssuer tokens, PrintStream out) {
        this.cluster = cluster;
        this.tokens = tokens;
        this.out = out;
        this.client = new PkiClient(cluster.uri(CareChainService.REGISTRATION), cluster.uri(CareChainService.CERTIFICATE));
    }

    public PkiClient client() {
        return client;
    }

    /** A synthetic patient; the national id is fresh each time, so the demo can run again on one cluster. */
    public static PkiClient.Person syntheticPatient() {
        return new PkiClient.Person("Imogen", "Thistlewaite", "1986-07-14",
                "DEMO" + String.format("%08d", new SecureRandom().nextInt(100_000_000)));
    }

    /** The consortium's CA root, as fixed in the cbc genesis of the local consortium. */
    public CaCertificate caRoot() throws IOException, GeneralSecurityException {
        return CaCertificate.parsePem(new LocalConsortium(cluster.config().consortiumDir()).pki().caCertificatePem());
    }

    /** A registrar's token from the local development issuer. */
    public String registrarToken() {
        return tokens.mint("demo-registrar", List.of("registrar"), Duration.ofMinutes(5));
    }

    /** Returns the number of failed checks. */
    public int run(LedgerDemo.Reporter report) {
        try {
            return runChecked(report);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return report.line(false, "PKI demo stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report.line(false, "PKI demo interrupted");
        }
    }

    private int runChecked(LedgerDemo.Reporter report) throws IOException, GeneralSecurityException, InterruptedException {
        int failures = 0;
        PkiClient.Person person = syntheticPatient();
        out.println("  A registrar at hospital1 checks a patient's papers and enrols them with registration-service (the RBC):"
                + " POST /api/v1/registrations with a registrar token. The synthetic identity typed in: "
                + person.givenName() + " " + person.familyName() + ", born " + person.birthDate() + ", national id "
                + person.nationalId() + ".");
        out.println("  The RBC seals the identity for the consortium escrow key (no single CA can open it), and records on"
                + " rbc only a registration id, a keyed commitment to the identity, the role and the status.");
        PkiClient.Reply enrolled = client.enrol(person, "patient", "hospital1", registrarToken());
        String credential = enrolled.field("credential.encoded");
        failures += report.line(enrolled.status() == 201 && credential != null, "enrolled: " + enrolled.status()
                + (enrolled.status() == 201 ? "; the patient's app receives a registration credential (role "
                        + enrolled.field("credential.role") + ", signed by the RBC, valid until "
                        + enrolled.field("credential.expiresAt") + ")" : " " + enrolled.error()));
        if (credential == null) {
            return failures;
        }

        out.println("  The patient's app makes its own Ed25519 key and a PKCS#10 request signed with it, and sends the"
                + " request and the credential to certificate-service (the CA). The CA asks the RBC whether the credential"
                + " is genuine and active, never who it belongs to.");
        KeyPair key = PkiClient.newAppKey();
        PkiClient.Reply issued = client.issue(PkiClient.csr(key), credential);
        if (issued.status() != 201) {
            return failures + report.line(false, "issuance: " + issued.status() + " " + issued.error());
        }
        AnonymousCertificate certificate = AnonymousCertificate.parsePem(issued.field("certificate"));
        String serial = certificate.serialNumber().toString(16);
        failures += report.line(issued.field("committedHeight") != null, "an anonymous certificate: serial " + serial
                + ", pseudonym " + certificate.pseudonym() + ", role " + certificate.role() + ", valid until "
                + certificate.notAfter() + "; its issuance is committed on cbc at height " + issued.field("committedHeight"));
        String subject = subject(certificate);
        String printable = new String(certificate.toDer(), StandardCharsets.ISO_8859_1);
        boolean anonymous = person.attributes().stream().noneMatch(printable::contains)
                && subject.equals("CN=" + certificate.pseudonym());
        failures += report.line(anonymous, "its subject is \"" + subject + "\": it names no one, and none of the"
                + " enrolment's attributes is anywhere in the certificate; only a link tag (the registration id encrypted"
                + " to the escrow key) could lead back, and opening it takes " + LocalPki.TRACING_THRESHOLD + " of the "
                + LocalPki.OFFICERS.size() + " CA officers");
        CaCertificate root = caRoot();
        failures += report.line(chainsTo(certificate, root), "it is signed by \"" + root.subject()
                + "\", the root the cbc genesis fixes as the consortium's trust bundle");

        out.println("  Login: the app gets a challenge (POST /auth/challenge), signs \"" + PkiClient.LOGIN_PREFIX
                + "\" + challenge with its key, and exchanges it for a token (POST /auth/token).");
        PkiClient.Reply login = client.login(certificate, key);
        String token = login.field("accessToken");
        if (login.status() != 200 || token == null) {
            return failures + report.line(false, "login: " + login.status() + " " + login.error());
        }
        JsonNode claims = PkiClient.claims(token);
        failures += report.line(certificate.pseudonym().equals(claims.path("sub").asText())
                        && claims.path("groups").toString().equals("[\"patient\"]"),
                "a login token (ES256, from the consortium's token key): subject " + claims.path("sub").asText()
                        + ", groups " + claims.path("groups") + ", valid for " + login.field("expiresIn")
                        + " s; the services check it against the consortium's JWKS");

        PkiClient.OcspAnswer good = client.ocsp(certificate, root);
        failures += report.line("good".equals(good.status()), "OCSP (a BouncyCastle request with a nonce, POST /ocsp;"
                + " the answer is signed by the CA): " + good.status());

        out.println("  The patient's phone is lost: from another device, the app revokes the certificate with its own"
                + " token (POST /api/v1/certificates/" + serial + "/revocation, reason key-compromise).");
        PkiClient.Reply revoked = client.revoke(certificate.serialNumber(), "key-compromise", token);
        failures += report.line(revoked.status() == 200 && revoked.field("committedHeight") != null, "revoked: "
                + revoked.status() + (revoked.status() == 200 ? ", recorded on cbc at height "
                        + revoked.field("committedHeight") : " " + revoked.error()));
        PkiClient.OcspAnswer now = client.ocsp(certificate, root);
        failures += report.line("revoked".equals(now.status()), "OCSP now: " + now.status()
                + (now.revocationReason() == null ? "" : " (" + now.revocationReason() + ")"));
        PkiClient.Reply refused = client.login(certificate, key);
        failures += report.line(refused.status() == 401, "login with the revoked certificate: " + refused.status()
                + " " + refused.error());
        return failures;
    }

    /** The certificate's subject as RFC 2253 text. */
    public static String subject(AnonymousCertificate certificate) throws GeneralSecurityException {
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.toDer()));
        return x509.getSubjectX500Principal().getName();
    }

    private static boolean chainsTo(AnonymousCertificate certificate, CaCertificate root) {
        try {
            certificate.verifyIssuedBy(root);
            return true;
        } catch (java.security.SignatureException e) {
            return false;
        }
    }
}
