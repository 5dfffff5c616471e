package org.carechain.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.List;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519Verify;
import org.junit.jupiter.api.Test;

class TraceApprovalSigningTest {

  private static final String TRACE = "0123456789abcdef0123456789abcdef";
  private static final byte[] HASH = new byte[32];

  @Test
  void theSignatureVerifiesOverTheSignedBytesWithTheOfficersKey() {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
    byte[] signature = TraceApprovalSigning.sign(key, TRACE, HASH, "officer1", 1_700_000_000_000L);
    assertDoesNotThrow(() -> Ed25519Verify.create(key.publicKey()).verify(signature,
        TraceApprovalSigning.signedBytes(TRACE, HASH, "officer1", 1_700_000_000_000L)));
    assertThrows(SignatureException.class, () -> Ed25519Verify.create(key.publicKey()).verify(signature,
        TraceApprovalSigning.signedBytes(TRACE, HASH, "officer2", 1_700_000_000_000L)));
  }

  @Test
  void everyFieldIsBoundAndTheEncodingIsDomainSeparated() {
    byte[] base = TraceApprovalSigning.signedBytes(TRACE, HASH, "officer1", 1L);
    byte[] otherHash = HASH.clone();
    otherHash[0] = 1;
    for (byte[] other : List.of(
        TraceApprovalSigning.signedBytes("f" + TRACE.substring(1), HASH, "officer1", 1L),
        TraceApprovalSigning.signedBytes(TRACE, otherHash, "officer1", 1L),
        TraceApprovalSigning.signedBytes(TRACE, HASH, "officer3", 1L),
        TraceApprovalSigning.signedBytes(TRACE, HASH, "officer1", 2L))) {
      assertFalse(Arrays.equals(base, other));
    }
    assertArrayEquals(base, TraceApprovalSigning.signedBytes(TRACE, HASH, "officer1", 1L));
    assertFalse(new String(base, StandardCharsets.ISO_8859_1).indexOf(TraceApprovalSigning.DOMAIN) < 0);
  }
}
