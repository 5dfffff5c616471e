package org.carechain.service.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.security.InvalidKeyException;
import java.security.SignatureException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.proto.registration.v1.RegistrationCredential;
import org.carechain.proto.registration.v1.Role;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CredentialFormatTest {

    private static final Instant NOW = Instant.parse("2026-11-30T00:00:00Z");
    private static final byte[] RID = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    private static Ed25519PrivateKey key(int fill) throws InvalidKeyException {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) fill);
        return Ed25519PrivateKey.create(seed);
    }

    @Test
    void aCredentialVerifiesUntilItExpiresAndSurvivesItsEncoding() throws Exception {
        Ed25519PrivateKey rbc = key(7);
        RegistrationCredential credential = CredentialFormat.sign(rbc, RID, Role.ROLE_CLINICIAN, NOW.plusSeconds(60));
        RegistrationCredential decoded = CredentialFormat.decode(CredentialFormat.encode(credential));
        assertEquals(credential, decoded);
        CredentialFormat.verify(decoded, rbc.publicKey(), NOW);
        CredentialFormat.verify(decoded, rbc.publicKey(), NOW.plusSeconds(59));
        assertThrows(CredentialFormat.ExpiredCredentialException.class,
                () -> CredentialFormat.verify(decoded, rbc.publicKey(), NOW.plusSeconds(60)));
    }

    @Test
    void theSignedBytesAreTheDocumentedCanonicalEncoding() {
        byte[] signed = CredentialFormat.signedBytes(RID.clone(), 2, 0x0102030405060708L, "ab");
        String tag = "carechain/registration/credential/v1";
        String expected = String.format("%08x", tag.length()) + HexFormat.of().formatHex(tag.getBytes())
                + "00000010" + HexFormat.of().formatHex(RID) + "00000002" + "0102030405060708" + "00000002" + "6162";
        assertEquals(expected, HexFormat.of().formatHex(signed));
    }

    @Test
    void anyChangedFieldOrAnotherKeyFails() throws Exception {
        Ed25519PrivateKey rbc = key(7);
        RegistrationCredential genuine = CredentialFormat.sign(rbc, RID, Role.ROLE_PATIENT, NOW.plusSeconds(60));
        byte[] otherRid = RID.clone();
        otherRid[15] ^= 1;
        byte[] flippedSignature = genuine.getSignature().toByteArray();
        flippedSignature[0] ^= 1;
        for (RegistrationCredential bad : new RegistrationCredential[] {
            genuine.toBuilder().setRid(ByteString.copyFrom(otherRid)).build(),
            genuine.toBuilder().setRole(Role.ROLE_AUDITOR).build(),
            genuine.toBuilder().setExpiresAtMillis(genuine.getExpiresAtMillis() + 1).build(),
            genuine.toBuilder().setSignature(ByteString.copyFrom(flippedSignature)).build(),
            CredentialFormat.sign(key(8), RID, Role.ROLE_PATIENT, NOW.plusSeconds(60)),
            CredentialFormat.sign(key(8), RID, Role.ROLE_PATIENT, NOW.plusSeconds(60)).toBuilder()
                    .setKeyId(genuine.getKeyId()).build(),
        }) {
            assertThrows(SignatureException.class, () -> CredentialFormat.verify(bad, rbc.publicKey(), NOW));
        }
    }

    @Test
    void malformedCredentialsAreNamedAsSuch() throws Exception {
        Ed25519PrivateKey rbc = key(7);
        RegistrationCredential genuine = CredentialFormat.sign(rbc, RID, Role.ROLE_PATIENT, NOW.plusSeconds(60));
        for (RegistrationCredential bad : new RegistrationCredential[] {
            genuine.toBuilder().clearRid().build(),
            genuine.toBuilder().setRole(Role.ROLE_UNSPECIFIED).build(),
            genuine.toBuilder().setRoleValue(99).build(),
            genuine.toBuilder().setSignature(ByteString.copyFrom(new byte[63])).build(),
        }) {
            assertThrows(CredentialFormat.MalformedCredentialException.class,
                    () -> CredentialFormat.verify(bad, rbc.publicKey(), NOW));
        }
        for (String text : new String[] {"", "!!", "A".repeat(5_000), "_w"}) {
            assertThrows(CredentialFormat.MalformedCredentialException.class, () -> CredentialFormat.decode(text));
        }
    }
}
