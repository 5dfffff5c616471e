package org.carechain.bench;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519Sign;
import org.carechain.crypto.sign.Ed25519Verify;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ed25519 signing and verification of a 64-byte message, with the crypto module (BouncyCastle's
 * {@code Ed25519Signer}) and, as the baseline, the JDK's own {@code Signature "Ed25519"} with the
 * same key.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519Benchmark {

  static final int MESSAGE_BYTES = 64;

  private byte[] message;
  private Ed25519Sign bcSign;
  private Ed25519Verify bcVerify;
  private byte[] signature;
  private Signature jdkSign;
  private Signature jdkVerify;

  @Setup
  public void setUp() throws GeneralSecurityException {
    SplittableRandom random = new SplittableRandom(7);
    message = new byte[MESSAGE_BYTES];
    random.nextBytes(message);
    byte[] seed = new byte[Ed25519PrivateKey.SEED_SIZE];
    random.nextBytes(seed);
    Ed25519PrivateKey key = Ed25519PrivateKey.create(seed);
    bcSign = Ed25519Sign.create(key);
    bcVerify = Ed25519Verify.create(key.publicKey());
    signature = bcSign.sign(message);

    KeyFactory factory = KeyFactory.getInstance("Ed25519");
    PrivateKey jdkPrivate = factory.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    PublicKey jdkPublic = factory.generatePublic(
        new EdECPublicKeySpec(NamedParameterSpec.ED25519, toPoint(key.publicKey().toByteArray())));
    jdkSign = Signature.getInstance("Ed25519");
    jdkSign.initSign(jdkPrivate);
    jdkVerify = Signature.getInstance("Ed25519");
    jdkVerify.initVerify(jdkPublic);

    // Both implementations must agree, or the comparison would be meaningless.
    jdkSign.update(message);
    if (!Arrays.equals(signature, jdkSign.sign())) {
      throw new IllegalStateException("BouncyCastle and JDK Ed25519 signatures differ");
    }
  }

  @Benchmark
  public byte[] bouncyCastleSign() {
    return bcSign.sign(message);
  }

  @Benchmark
  public void bouncyCastleVerify() throws SignatureException {
    bcVerify.verify(signature, message);
  }

  @Benchmark
  public byte[] jdkSign() throws SignatureException {
    jdkSign.update(message);
    return jdkSign.sign();
  }

  @Benchmark
  public boolean jdkVerify() throws SignatureException {
    jdkVerify.update(message);
    if (!jdkVerify.verify(signature)) {
      throw new SignatureException("JDK Ed25519 rejected a valid signature");
    }
    return true;
  }

  /** RFC 8032 encoding (little-endian y, x's parity in the top bit) to the JDK's point type. */
  private static EdECPoint toPoint(byte[] encoded) {
    byte[] bigEndian = new byte[encoded.length];
    for (int i = 0; i < encoded.length; i++) {
      bigEndian[i] = encoded[encoded.length - 1 - i];
    }
    boolean xOdd = (bigEndian[0] & 0x80) != 0;
    bigEndian[0] &= 0x7f;
    return new EdECPoint(xOdd, new BigInteger(1, bigEndian));
  }
}
