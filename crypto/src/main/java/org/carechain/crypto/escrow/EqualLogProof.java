package org.carechain.crypto.escrow;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The Chaum-Pedersen proof (CRYPTO '92) in a partial decryption, made non-interactive with
 * Fiat-Shamir: knowledge of x with V = x·B and D = x·E, for the officer's share x, its
 * verification key V, the base point B and the message's encapsulated-key point E.
 *
 * <p>Prover: nonce r; R<sub>1</sub> = r·B, R<sub>2</sub> = r·E; c = H(transcript, R<sub>1</sub>,
 * R<sub>2</sub>); z = r + c·x mod ℓ. Verifier: R<sub>1</sub> = z·B − c·V, R<sub>2</sub> = z·E −
 * c·D, and c must equal H(transcript, R<sub>1</sub>, R<sub>2</sub>).
 *
 * <p>H is SHA-256 over {@value #CHALLENGE_DOMAIN}, a zero byte, the escrow public key, the officer
 * index (1 byte), the encapsulated key as received (32), then E, V, D, R<sub>1</sub>,
 * R<sub>2</sub> in their 32-byte encodings, read little-endian and reduced mod ℓ. Binding the
 * escrow key, the index and the encapsulated key stops a proof from being replayed for another
 * dealing, officer or message.
 *
 * <p>The nonce is deterministic, in the manner of RFC 6979 and Ed25519: two blocks of HMAC-SHA256
 * keyed with the share, over {@value #NONCE_DOMAIN}, a block counter and the transcript, read as a
 * 64-byte little-endian number mod ℓ (bias below 2<sup>-250</sup>). The same share and message
 * always give the same proof, and no random number generator can leak the share through a repeated
 * or biased nonce; since D is itself a function of the share and E, nothing is lost by it.
 */
final class EqualLogProof {

  static final String CHALLENGE_DOMAIN = "CareChain escrow partial decryption proof v1";
  static final String NONCE_DOMAIN = "CareChain escrow partial decryption nonce v1";

  private EqualLogProof() {}

  static PartialDecryption prove(EscrowKeyShare share, byte[] enc, ECPoint encPoint) {
    BigInteger x = share.scalar();
    ECPoint verificationKey = share.verificationKey();
    ECPoint partial = Curve25519Group.multiply(encPoint, x);
    byte[] transcript = transcript(
        share.escrowKey(), share.index(), enc, encPoint, verificationKey, partial);
    BigInteger r = nonce(x, transcript);
    ECPoint r1 = Curve25519Group.multiply(Curve25519Group.base(), r);
    ECPoint r2 = Curve25519Group.multiply(encPoint, r);
    BigInteger c = challenge(transcript, r1, r2);
    BigInteger z = r.add(c.multiply(x)).mod(Curve25519Group.ORDER);
    return new PartialDecryption(share.index(), partial, c, z);
  }

  static boolean verify(PartialDecryption partial, EscrowPublicKey escrowKey,
      ECPoint verificationKey, byte[] enc, ECPoint encPoint) {
    BigInteger c = partial.challenge();
    BigInteger z = partial.response();
    ECPoint r1 = Curve25519Group.base().multiply(z)
        .subtract(verificationKey.multiply(c)).normalize();
    ECPoint r2 = encPoint.multiply(z).subtract(partial.point().multiply(c)).normalize();
    if (r1.isInfinity() || r2.isInfinity()) {
      return false;
    }
    byte[] transcript = transcript(
        escrowKey, partial.index(), enc, encPoint, verificationKey, partial.point());
    return MessageDigest.isEqual(
        Curve25519Group.encodeScalar(c), Curve25519Group.encodeScalar(challenge(transcript, r1, r2)));
  }

  private static byte[] transcript(EscrowPublicKey escrowKey, int index, byte[] enc,
      ECPoint encPoint, ECPoint verificationKey, ECPoint partial) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(escrowKey.toByteArray());
    out.write(index);
    out.writeBytes(enc);
    out.writeBytes(Curve25519Group.encode(encPoint));
    out.writeBytes(Curve25519Group.encode(verificationKey));
    out.writeBytes(Curve25519Group.encode(partial));
    return out.toByteArray();
  }

  private static BigInteger challenge(byte[] transcript, ECPoint r1, ECPoint r2) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(CHALLENGE_DOMAIN.getBytes(StandardCharsets.US_ASCII));
      sha256.update((byte) 0);
      sha256.update(transcript);
      sha256.update(Curve25519Group.encode(r1));
      sha256.update(Curve25519Group.encode(r2));
      return Curve25519Group.littleEndian(sha256.digest()).mod(Curve25519Group.ORDER);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  private static BigInteger nonce(BigInteger share, byte[] transcript) {
    byte[] key = Curve25519Group.encodeScalar(share);
    byte[] wide = new byte[64];
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (int counter = 0; ; counter += 2) {
        for (int block = 0; block < 2; block++) {
          mac.update(NONCE_DOMAIN.getBytes(StandardCharsets.US_ASCII));
          mac.update((byte) 0);
          mac.update((byte) (counter + block));
          mac.update(transcript);
          mac.doFinal(wide, block * 32);
        }
        BigInteger r = Curve25519Group.littleEndian(wide).mod(Curve25519Group.ORDER);
        if (r.signum() != 0) {
          return r;
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(wide, (byte) 0);
    }
  }
}
