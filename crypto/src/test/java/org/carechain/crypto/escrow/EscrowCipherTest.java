package org.carechain.crypto.escrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.carechain.crypto.aead.Aes256GcmKey;
import org.carechain.crypto.aead.MalformedEnvelopeException;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;

class EscrowCipherTest {

  private static final byte[] INFO = "identity".getBytes(StandardCharsets.UTF_8);
  private static final byte[] RID = "rid-0123456789ab".getBytes(StandardCharsets.UTF_8);

  private final EscrowKeyPair escrow = EscrowKeyPair.generate(new SeededSecureRandom(1));
  private final EscrowKeyPair otherEscrow = EscrowKeyPair.generate(new SeededSecureRandom(2));
  private final Aes256GcmKey dataKey = Aes256GcmKey.generate(new SeededSecureRandom(3));

  @Test
  void wrappedKeysUnwrapUnderTheEscrowKeyAndInfo() throws GeneralSecurityException {
    byte[] wrapped = EscrowCipher.wrap(escrow.publicKey(), dataKey, INFO, new SeededSecureRandom(4));
    assertEquals(EscrowCipher.WRAPPED_KEY_SIZE, wrapped.length);
    assertEquals(EscrowCipher.VERSION, wrapped[0]);
    assertEquals(dataKey, EscrowCipher.unwrap(escrow, wrapped, INFO));

    assertThrows(AEADBadTagException.class, () -> EscrowCipher.unwrap(otherEscrow, wrapped, INFO));
    assertThrows(AEADBadTagException.class,
        () -> EscrowCipher.unwrap(escrow, wrapped, "other".getBytes(StandardCharsets.UTF_8)));
    assertThrows(MalformedEnvelopeException.class,
        () -> EscrowCipher.unwrap(escrow, Arrays.copyOf(wrapped, wrapped.length - 1), INFO));
    for (int i = 0; i < wrapped.length; i++) {
      byte[] altered = wrapped.clone();
      altered[i] ^= 0x01;
      int index = i;
      assertThrows(GeneralSecurityException.class, () -> EscrowCipher.unwrap(escrow, altered, INFO),
          "byte " + index + " altered was accepted");
    }
  }

  @Test
  void linkTagsOpenToTheRidAndTwoTagsOfOneRidDiffer() throws GeneralSecurityException {
    SeededSecureRandom random = new SeededSecureRandom(5);
    byte[] first = EscrowCipher.linkTag(escrow.publicKey(), RID, random);
    byte[] second = EscrowCipher.linkTag(escrow.publicKey(), RID, random);
    assertEquals(1 + EscrowCipher.ENC_SIZE + RID.length + EscrowCipher.TAG_SIZE, first.length);
    assertFalse(Arrays.equals(first, second));
    // Nothing is shared between the two tags beyond the version byte: fresh ephemeral keys and
    // ciphertexts under unrelated HPKE keys.
    assertFalse(Arrays.equals(Arrays.copyOfRange(first, 1, 33), Arrays.copyOfRange(second, 1, 33)));
    assertFalse(Arrays.equals(Arrays.copyOfRange(first, 33, first.length),
        Arrays.copyOfRange(second, 33, second.length)));
    assertArrayEquals(RID, EscrowCipher.openLinkTag(escrow, first));
    assertArrayEquals(RID, EscrowCipher.openLinkTag(escrow, second));
    assertThrows(AEADBadTagException.class, () -> EscrowCipher.openLinkTag(otherEscrow, first));
  }

  @Test
  void wrappedKeysAndLinkTagsCannotBeOpenedAsEachOther() {
    byte[] tagOf32Bytes = EscrowCipher.linkTag(escrow.publicKey(), dataKey.exportKeyBytes(),
        new SeededSecureRandom(6));
    assertEquals(EscrowCipher.WRAPPED_KEY_SIZE, tagOf32Bytes.length);
    assertThrows(AEADBadTagException.class, () -> EscrowCipher.unwrap(escrow, tagOf32Bytes, INFO));
    assertThrows(AEADBadTagException.class,
        () -> EscrowCipher.unwrap(escrow, tagOf32Bytes, new byte[0]));
    byte[] wrapped = EscrowCipher.wrap(escrow.publicKey(), dataKey, new byte[0], new SeededSecureRandom(7));
    assertThrows(AEADBadTagException.class, () -> EscrowCipher.openLinkTag(escrow, wrapped));
  }

  @Test
  void malformedLinkTagsAreRefused() {
    byte[] tag = EscrowCipher.linkTag(escrow.publicKey(), RID, new SeededSecureRandom(8));
    assertThrows(MalformedEnvelopeException.class, () -> EscrowCipher.openLinkTag(escrow, new byte[49]));
    assertThrows(MalformedEnvelopeException.class, () -> EscrowCipher.openLinkTag(escrow, new byte[114]));
    byte[] version2 = tag.clone();
    version2[0] = 2;
    assertThrows(MalformedEnvelopeException.class, () -> EscrowCipher.openLinkTag(escrow, version2));
    byte[] lowOrderEnc = tag.clone();
    Arrays.fill(lowOrderEnc, 1, 33, (byte) 0);
    assertThrows(AEADBadTagException.class, () -> EscrowCipher.openLinkTag(escrow, lowOrderEnc));
    assertThrows(IllegalArgumentException.class,
        () -> EscrowCipher.linkTag(escrow.publicKey(), new byte[0], new SeededSecureRandom(9)));
    assertThrows(IllegalArgumentException.class,
        () -> EscrowCipher.linkTag(escrow.publicKey(), new byte[65], new SeededSecureRandom(9)));
  }

  @Test
  void theSharedSecretPathsOpenTheSameBytesAsThePrivateKey() throws GeneralSecurityException {
    byte[] sk = new byte[32];
    new SeededSecureRandom(10).nextBytes(sk);
    EscrowKeyPair keyPair = EscrowKeyPair.fromPrivateKey(sk);
    byte[] wrapped = EscrowCipher.wrap(keyPair.publicKey(), dataKey, INFO, new SeededSecureRandom(11));
    byte[] tag = EscrowCipher.linkTag(keyPair.publicKey(), RID, new SeededSecureRandom(12));
    assertArrayEquals(Arrays.copyOfRange(wrapped, 1, 33), EscrowCipher.encapsulatedKey(wrapped));
    assertArrayEquals(Arrays.copyOfRange(tag, 1, 33), EscrowCipher.encapsulatedKey(tag));

    byte[] wrappedDh = x25519(sk, EscrowCipher.encapsulatedKey(wrapped));
    byte[] tagDh = x25519(sk, EscrowCipher.encapsulatedKey(tag));
    assertEquals(dataKey,
        EscrowCipher.unwrapWithSharedSecret(keyPair.publicKey(), wrappedDh, wrapped, INFO));
    assertArrayEquals(RID, EscrowCipher.openLinkTagWithSharedSecret(keyPair.publicKey(), tagDh, tag));

    // Each secret belongs to its own message, and the two formats stay apart.
    assertThrows(AEADBadTagException.class,
        () -> EscrowCipher.unwrapWithSharedSecret(keyPair.publicKey(), tagDh, wrapped, INFO));
    assertThrows(AEADBadTagException.class, () -> EscrowCipher.unwrapWithSharedSecret(
        keyPair.publicKey(), wrappedDh, wrapped, "other".getBytes(StandardCharsets.UTF_8)));
    assertThrows(AEADBadTagException.class,
        () -> EscrowCipher.openLinkTagWithSharedSecret(keyPair.publicKey(), wrappedDh, wrapped));
    assertThrows(AEADBadTagException.class, () -> EscrowCipher.openLinkTagWithSharedSecret(
        otherEscrow.publicKey(), tagDh, tag));
    assertThrows(AEADBadTagException.class, () -> EscrowCipher.openLinkTagWithSharedSecret(
        keyPair.publicKey(), new byte[32], tag));
    assertThrows(MalformedEnvelopeException.class, () -> EscrowCipher.unwrapWithSharedSecret(
        keyPair.publicKey(), wrappedDh, Arrays.copyOf(wrapped, 80), INFO));
  }

  @Test
  void theEncapsulatedKeyOfMalformedInputIsRefused() {
    assertThrows(MalformedEnvelopeException.class, () -> EscrowCipher.encapsulatedKey(new byte[49]));
    byte[] tag = EscrowCipher.linkTag(escrow.publicKey(), RID, new SeededSecureRandom(13));
    tag[0] = 2;
    assertThrows(MalformedEnvelopeException.class, () -> EscrowCipher.encapsulatedKey(tag));
  }

  private static byte[] x25519(byte[] privateKey, byte[] publicKey) {
    byte[] out = new byte[32];
    org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(privateKey, 0, publicKey, 0, out, 0);
    return out;
  }
}
