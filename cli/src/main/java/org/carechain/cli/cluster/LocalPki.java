package org.carechain.cli.cluster;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.carechain.crypto.escrow.EscrowDealing;
import org.carechain.crypto.escrow.ThresholdEscrow;
import org.carechain.crypto.pki.CertificateAuthority;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.proto.certificate.v1.ConsortiumGenesis;
import org.carechain.proto.certificate.v1.TracingOfficer;
import org.carechain.proto.certificate.v1.TracingPolicy;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The local consortium's PKI material, in {@code <consortium>/pki/}: the RBC's credential and
 * commitment keys, one CA's key and self-signed root, the consortium's token key, and the escrow
 * key dealt 2-of-3 to three CA officers. The escrow private key is never written: only the
 * officers' shares are, so opening a link tag takes two of them, as in a real consortium.
 */
public final class LocalPki {

    public static final String CA_NAME = "CareChain Local CA";
    public static final int TRACING_THRESHOLD = 2;
    public static final List<String> OFFICERS = List.of("officer1", "officer2", "officer3");
    public static final String CONSORTIUM_GENESIS_TYPE_URL =
            "type.carechain.org/" + ConsortiumGenesis.getDescriptor().getFullName();

    private static final Duration ROOT_VALIDITY = Duration.ofDays(3650);

    private final Path dir;

    public LocalPki(Path dir) {
        this.dir = dir;
    }

    /** Signs registration credentials (Ed25519 seed, hex). */
    public Path credentialKeyFile() {
        return dir.resolve("registration").resolve("credential.key");
    }

    /** The identity commitment key shared by the RBC nodes (32 bytes, hex). */
    public Path commitmentKeyFile() {
        return dir.resolve("registration").resolve("commitment.key");
    }

    /** The consortium escrow public key (X25519, hex): public, so registration-service gets it in its settings. */
    public Path escrowPublicKeyFile() {
        return dir.resolve("escrow").resolve("escrow-public.hex");
    }

    /** The CA's key (Ed25519 seed, hex). */
    public Path caKeyFile() {
        return dir.resolve("certificate").resolve("ca.key");
    }

    /** The CA's self-signed root, PEM. */
    public Path caCertificateFile() {
        return dir.resolve("certificate").resolve("ca.pem");
    }

    /** The consortium's login token key: EC P-256, PKCS#8 PEM. */
    public Path tokenKeyFile() {
        return dir.resolve("certificate").resolve("token.pem");
    }

    /** An officer's approval-signing key (Ed25519 seed, hex). */
    public Path officerSigningKeyFile(String officer) {
        return dir.resolve("escrow").resolve(officer + ".key");
    }

    /** An officer's escrow key share (the EscrowKeyShare encoding, hex). */
    public Path officerShareFile(String officer) {
        return dir.resolve("escrow").resolve(officer + ".share");
    }

    /** Every file this PKI consists of. */
    public List<Path> files() {
        List<Path> files = new ArrayList<>(List.of(credentialKeyFile(), commitmentKeyFile(), escrowPublicKeyFile(),
                caKeyFile(), caCertificateFile(), tokenKeyFile()));
        OFFICERS.forEach(officer -> {
            files.add(officerSigningKeyFile(officer));
            files.add(officerShareFile(officer));
        });
        return files;
    }

    public boolean complete() {
        return files().stream().allMatch(Files::isRegularFile);
    }

    public String escrowPublicKeyHex() throws IOException {
        return Files.readString(escrowPublicKeyFile()).strip();
    }

    public String caCertificatePem() throws IOException {
        return Files.readString(caCertificateFile());
    }

    /**
     * The token key's public half as a JWK, with the {@code kid} certificate-service gives it (the
     * RFC 7638 thumbprint), for the JWKS the services verify login tokens with.
     */
    public PublicJsonWebKey tokenPublicJwk() throws IOException {
        String pem = Files.readString(tokenKeyFile());
        byte[] der = Base64.getMimeDecoder().decode(pem.replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "").strip());
        try {
            ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            ECNamedCurveParameterSpec p256 = ECNamedCurveTable.getParameterSpec("secp256r1");
            org.bouncycastle.math.ec.ECPoint q = p256.getG().multiply(key.getS()).normalize();
            PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), key.getParams()));
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(publicKey);
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            jwk.setUse("sig");
            jwk.setAlgorithm("ES256");
            return jwk;
        } catch (GeneralSecurityException | JoseException | ClassCastException e) {
            throw new IOException(tokenKeyFile() + " does not hold an EC P-256 PKCS#8 key", e);
        }
    }

    /**
     * Makes every key anew, replacing what the directory held, and returns the cbc genesis app
     * state that fixes them: the CA root as the trust bundle, the escrow public and verification
     * keys, and the tracing policy (2 of the 3 officers).
     */
    public TypedPayload create(SecureRandom random, Instant now) throws IOException {
        writeSecret(credentialKeyFile(), hex(Ed25519PrivateKey.generate(random).exportSeed()));
        byte[] commitment = new byte[32];
        random.nextBytes(commitment);
        writeSecret(commitmentKeyFile(), hex(commitment));

        // Dealt here for the demo; in a consortium each CA officer receives their share over a
        // channel of their own, keeps it offline, and makes their signing key themselves. These
        // files stand for what the officers would hold.
        EscrowDealing dealing = ThresholdEscrow.dealFreshKey(TRACING_THRESHOLD, OFFICERS.size(), random);
        write(escrowPublicKeyFile(), hex(dealing.escrowKey().toByteArray()));
        TracingPolicy.Builder tracing = TracingPolicy.newBuilder().setThreshold(TRACING_THRESHOLD);
        for (int i = 0; i < OFFICERS.size(); i++) {
            String officer = OFFICERS.get(i);
            Ed25519PrivateKey signing = Ed25519PrivateKey.generate(random);
            writeSecret(officerSigningKeyFile(officer), hex(signing.exportSeed()));
            writeSecret(officerShareFile(officer), hex(dealing.shares().get(i).toByteArray()));
            tracing.addOfficers(TracingOfficer.newBuilder().setOfficerId(officer)
                    .setSigningKey(ByteString.copyFrom(signing.publicKey().toByteArray()))
                    .setShareIndex(dealing.shares().get(i).index()));
        }

        Ed25519PrivateKey caKey = Ed25519PrivateKey.generate(random);
        CertificateAuthority ca = CertificateAuthority.createRoot(caKey, CA_NAME, now.minus(Duration.ofMinutes(5)),
                now.plus(ROOT_VALIDITY), new BigInteger(63, random).add(BigInteger.ONE));
        writeSecret(caKeyFile(), hex(caKey.exportSeed()));
        write(caCertificateFile(), ca.certificate().toPem());
        writeSecret(tokenKeyFile(), pem("PRIVATE KEY", p256(random).getPrivate().getEncoded()));

        ConsortiumGenesis genesis = ConsortiumGenesis.newBuilder()
                .addTrustRoots(ByteString.copyFrom(ca.certificate().toDer()))
                .setTracing(tracing)
                .setEscrowPublicKey(ByteString.copyFrom(dealing.escrowKey().toByteArray()))
                .setEscrowVerificationKeys(ByteString.copyFrom(dealing.verificationKeys().toByteArray()))
                .build();
        return new TypedPayload(CONSORTIUM_GENESIS_TYPE_URL, genesis.toByteArray());
    }

    private static KeyPair p256(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make a P-256 key", e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes) + "\n";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static void writeSecret(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the state directory's own permissions apply.
        }
        Files.writeString(file, text);
    }
}
