package org.carechain.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.ConsistencyProof;
import org.carechain.crypto.merkle.InclusionProof;
import org.carechain.crypto.merkle.MerkleLog;
import org.carechain.crypto.merkle.ProofVerificationException;
import org.carechain.crypto.merkle.ProofVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Proof generation and verification in an in-memory log of 2^20 (1,048,576) leaves of 64 bytes.
 *
 * <p>Each operation uses the next of {@link #samples} precomputed random leaf indices (or old tree
 * sizes), so the work is not one cached path. An inclusion proof at this size has 20 hashes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MerkleProofBenchmark {

  static final int LEAVES = 1 << 20;
  static final int LEAF_BYTES = 64;

  /**
   * How many different proofs the operations cycle through (a power of two). 4096 inclusion proofs
   * take about 6 MB, more than this machine's per-core L2 cache, as proofs arriving from many
   * clients would; 1 shows the cache-warm best case.
   */
  @Param({"4096"})
  public int samples;

  private MerkleLog log;
  private Hash root;
  private long[] leafIndices;
  private Hash[] leafHashes;
  private List<List<Hash>> inclusionPaths;
  private long[] oldSizes;
  private Hash[] oldRoots;
  private List<List<Hash>> consistencyPaths;
  private int next;

  @Setup(Level.Trial)
  public void buildLog() {
    if (Integer.bitCount(samples) != 1) {
      throw new IllegalArgumentException("samples must be a power of two, got " + samples);
    }
    SplittableRandom random = new SplittableRandom(42);
    log = MerkleLog.create();
    byte[] leaf = new byte[LEAF_BYTES];
    for (int i = 0; i < LEAVES; i++) {
      random.nextBytes(leaf);
      ByteBuffer.wrap(leaf).putInt(i);
      log.appendLeaf(leaf);
    }
    root = log.root();
    leafIndices = new long[samples];
    leafHashes = new Hash[samples];
    inclusionPaths = new ArrayList<>(samples);
    oldSizes = new long[samples];
    oldRoots = new Hash[samples];
    consistencyPaths = new ArrayList<>(samples);
    for (int i = 0; i < samples; i++) {
      leafIndices[i] = random.nextLong(LEAVES);
      leafHashes[i] = log.leafHash(leafIndices[i]);
      inclusionPaths.add(log.inclusionProof(leafIndices[i], LEAVES).path());
      oldSizes[i] = 1 + random.nextLong(LEAVES - 1);
      oldRoots[i] = log.rootAt(oldSizes[i]);
      consistencyPaths.add(log.consistencyProof(oldSizes[i], LEAVES).path());
    }
  }

  private int nextSample() {
    return next = (next + 1) & (samples - 1);
  }

  @Benchmark
  public InclusionProof inclusionProofGeneration() {
    return log.inclusionProof(leafIndices[nextSample()], LEAVES);
  }

  @Benchmark
  public void inclusionProofVerification() throws ProofVerificationException {
    int i = nextSample();
    ProofVerifier.verifyInclusion(
        leafIndices[i], LEAVES, leafHashes[i], inclusionPaths.get(i), root);
  }

  @Benchmark
  public ConsistencyProof consistencyProofGeneration() {
    return log.consistencyProof(oldSizes[nextSample()], LEAVES);
  }

  @Benchmark
  public void consistencyProofVerification() throws ProofVerificationException {
    int i = nextSample();
    ProofVerifier.verifyConsistency(
        oldSizes[i], LEAVES, consistencyPaths.get(i), oldRoots[i], root);
  }

  @Benchmark
  public Hash rootAtRandomOldSize() {
    return log.rootAt(oldSizes[nextSample()]);
  }
}
