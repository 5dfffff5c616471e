package org.carechain.bench;

import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.carechain.crypto.Hash;
import org.carechain.crypto.Sha256;
import org.carechain.crypto.merkle.Rfc6962Hasher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * RFC 6962 leaf and node hashing next to the JDK's raw SHA-256 on the same input sizes: the raw
 * digest is the ceiling the Merkle hashing can approach.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sha256Benchmark {

  static final int SMALL = 64;
  static final int LARGE = 1 << 20;

  private byte[] small;
  private byte[] large;
  private Hash left;
  private Hash right;
  private MessageDigest sha256;
  private Rfc6962Hasher hasher;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(1);
    small = new byte[SMALL];
    large = new byte[LARGE];
    random.nextBytes(small);
    random.nextBytes(large);
    sha256 = Sha256.newDigest();
    hasher = Rfc6962Hasher.create();
    left = Hash.sha256(new byte[] {1});
    right = Hash.sha256(new byte[] {2});
  }

  /** RFC 6962 leaf hash of a 64-byte leaf: SHA-256 over 65 bytes, two compressions. */
  @Benchmark
  public Hash rfc6962LeafHash64B() {
    return hasher.hashLeaf(small);
  }

  /** RFC 6962 node hash: SHA-256 over 65 bytes, two compressions. */
  @Benchmark
  public Hash rfc6962NodeHash() {
    return hasher.hashChildren(left, right);
  }

  /** The JDK's SHA-256 of the same 64 bytes: two compressions, no prefix, no wrapping. */
  @Benchmark
  public byte[] jdkSha256Of64B() {
    return sha256.digest(small);
  }

  /** The JDK's SHA-256 of 1 MiB: bulk throughput, the hardware's limit. */
  @Benchmark
  public byte[] jdkSha256Of1MiB() {
    return sha256.digest(large);
  }
}
