package org.carechain.crypto.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.carechain.crypto.Hash;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-checks {@link MerkleLog} and {@link ProofVerifier} against {@link ReferenceMerkle}, the RFC
 * text transcribed literally, on seeded random trees.
 *
 * <p>Each case is named by its seed and size; to replay a failure, run that case alone or put its
 * seed in {@link #replay}. The reference is O(n) per call, so indices are sampled, not exhausted.
 */
class MerkleLogPropertyTest {

  private static final int SAMPLES_PER_TREE = 16;
  private static final int RANDOM_TREES = 60;
  private static final int MAX_RANDOM_SIZE = 10_000;

  /** Sizes around the powers of two, where the tree's shape changes, plus the largest tested. */
  private static final int[] EDGE_SIZES = {
    1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257,
    511, 512, 513, 1023, 1024, 1025, 2047, 2048, 2049, 4095, 4096, 4097, 8191, 8192, 8193, 10_000
  };

  /** Seeds to run in addition to the generated ones, e.g. one copied from a failure. */
  private static final long[] replay = {};

  static Stream<Arguments> trees() {
    List<Arguments> cases = new ArrayList<>();
    for (int i = 0; i < EDGE_SIZES.length; i++) {
      cases.add(Arguments.of(0xC0FFEEL + i, EDGE_SIZES[i]));
    }
    SplittableRandom sizes = new SplittableRandom(20_240_601L);
    for (int i = 0; i < RANDOM_TREES; i++) {
      long seed = sizes.nextLong();
      cases.add(Arguments.of(seed, sizeForSeed(seed)));
    }
    LongStream.of(replay).forEach(seed -> cases.add(Arguments.of(seed, sizeForSeed(seed))));
    return cases.stream();
  }

  private static int sizeForSeed(long seed) {
    return new SplittableRandom(seed).nextInt(1, MAX_RANDOM_SIZE + 1);
  }

  @ParameterizedTest(name = "seed={0} size={1}")
  @MethodSource("trees")
  void logAgreesWithTheRfcReference(long seed, int size) throws Exception {
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<byte[]> leaves = randomLeaves(random, size);
    MerkleLog log = MerkleLog.create();
    leaves.forEach(log::appendLeaf);
    String context = "seed=" + seed + " size=" + size;

    assertEquals(size, log.size(), context);
    assertEquals(Hash.of(ReferenceMerkle.mth(leaves)), log.root(), context + ": root");

    for (int sample = 0; sample < SAMPLES_PER_TREE; sample++) {
      int treeSize = sample == 0 ? size : 1 + random.nextInt(size);
      int leafIndex = switch (sample) {
        case 1 -> 0;
        case 2 -> treeSize - 1;
        default -> random.nextInt(treeSize);
      };
      checkInclusion(log, leaves, leafIndex, treeSize, random, context);

      int size2 = sample == 0 ? size : 1 + random.nextInt(size);
      int size1 = switch (sample) {
        case 1 -> 1;
        case 2 -> size2;
        default -> 1 + random.nextInt(size2);
      };
      checkConsistency(log, leaves, size1, size2, random, context);
    }
  }

  private static void checkInclusion(
      MerkleLog log, List<byte[]> leaves, int leafIndex, int treeSize, SplittableRandom random,
      String context) throws Exception {
    String where = context + " inclusion leaf=" + leafIndex + " treeSize=" + treeSize;
    List<byte[]> prefix = leaves.subList(0, treeSize);
    Hash root = Hash.of(ReferenceMerkle.mth(prefix));
    Hash leafHash = log.leafHash(leafIndex);
    List<Hash> path = log.inclusionProof(leafIndex, treeSize).path();

    assertEquals(root, log.rootAt(treeSize), where + ": rootAt");
    assertEquals(hashes(ReferenceMerkle.path(leafIndex, prefix)), path, where + ": proof");
    ProofVerifier.verifyInclusion(leafIndex, treeSize, leafHash, path, root);

    if (!path.isEmpty()) {
      expectInclusionRejected(leafIndex, treeSize, leafHash, flipRandomBit(path, random), root, where, "bit flip");
      expectInclusionRejected(leafIndex, treeSize, leafHash, path.subList(0, path.size() - 1), root, where, "truncated");
    }
    expectInclusionRejected(leafIndex, treeSize, leafHash, append(path, randomHash(random)), root, where, "extended");
    Hash otherLeaf = log.size() == 1 ? randomHash(random) : log.leafHash(leafIndex == 0 ? 1 : leafIndex - 1);
    expectInclusionRejected(leafIndex, treeSize, otherLeaf, path, root, where, "another leaf's hash");
    if (treeSize > 1) {
      int wrongIndex = (leafIndex + 1 + random.nextInt(treeSize - 1)) % treeSize;
      expectInclusionRejected(wrongIndex, treeSize, leafHash, path, root, where, "wrong index " + wrongIndex);
    }
    if (treeSize < log.size()) {
      expectInclusionRejected(leafIndex, treeSize + 1, leafHash, path, log.rootAt(treeSize + 1), where, "next tree size");
    }
  }

  private static void checkConsistency(
      MerkleLog log, List<byte[]> leaves, int size1, int size2, SplittableRandom random,
      String context) throws Exception {
    String where = context + " consistency " + size1 + " -> " + size2;
    Hash root1 = log.rootAt(size1);
    Hash root2 = log.rootAt(size2);
    List<Hash> path = log.consistencyProof(size1, size2).path();

    assertEquals(hashes(ReferenceMerkle.proof(size1, leaves.subList(0, size2))), path, where + ": proof");
    ProofVerifier.verifyConsistency(size1, size2, path, root1, root2);

    if (!path.isEmpty()) {
      expectConsistencyRejected(size1, size2, flipRandomBit(path, random), root1, root2, where, "bit flip");
      expectConsistencyRejected(size1, size2, path.subList(0, path.size() - 1), root1, root2, where, "truncated");
      expectConsistencyRejected(size1, size2, path.subList(1, path.size()), root1, root2, where, "first dropped");
    }
    expectConsistencyRejected(size1, size2, append(path, randomHash(random)), root1, root2, where, "extended");
    if (size1 != size2) {
      expectConsistencyRejected(size1, size2, path, root2, root1, where, "swapped roots");
      expectConsistencyRejected(size1, size2, path, randomHash(random), root2, where, "wrong old root");
      expectConsistencyRejected(size1, size2, path, root1, randomHash(random), where, "wrong new root");
    }
    if (size1 > 1) {
      expectConsistencyRejected(size1 - 1, size2, path, log.rootAt(size1 - 1), root2, where, "size1 - 1");
    }
    if (size1 < size2 - 1) {
      expectConsistencyRejected(size1 + 1, size2, path, log.rootAt(size1 + 1), root2, where, "size1 + 1");
    }
  }

  private static void expectInclusionRejected(
      long leafIndex, long treeSize, Hash leafHash, List<Hash> path, Hash root, String where, String mutation) {
    assertThrows(ProofVerificationException.class,
        () -> ProofVerifier.verifyInclusion(leafIndex, treeSize, leafHash, path, root),
        where + ": " + mutation + " was accepted");
  }

  private static void expectConsistencyRejected(
      long size1, long size2, List<Hash> path, Hash root1, Hash root2, String where, String mutation) {
    assertThrows(ProofVerificationException.class,
        () -> ProofVerifier.verifyConsistency(size1, size2, path, root1, root2),
        where + ": " + mutation + " was accepted");
  }

  /** Random leaves of 0 to 40 bytes, each starting with its index so that no two are equal. */
  private static List<byte[]> randomLeaves(SplittableRandom random, int count) {
    List<byte[]> leaves = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] tail = new byte[random.nextInt(33)];
      random.nextBytes(tail);
      leaves.add(ByteBuffer.allocate(8 + tail.length).putLong(i).put(tail).array());
    }
    return leaves;
  }

  private static List<Hash> flipRandomBit(List<Hash> path, SplittableRandom random) {
    List<Hash> mutated = new ArrayList<>(path);
    int element = random.nextInt(path.size());
    byte[] bytes = path.get(element).toByteArray();
    int bit = random.nextInt(8 * Hash.SIZE);
    bytes[bit / 8] ^= (byte) (1 << (bit % 8));
    mutated.set(element, Hash.of(bytes));
    return mutated;
  }

  private static List<Hash> append(List<Hash> path, Hash extra) {
    List<Hash> longer = new ArrayList<>(path);
    longer.add(extra);
    return longer;
  }

  private static Hash randomHash(SplittableRandom random) {
    byte[] bytes = new byte[Hash.SIZE];
    random.nextBytes(bytes);
    return Hash.of(bytes);
  }

  private static List<Hash> hashes(List<byte[]> raw) {
    return raw.stream().map(Hash::of).toList();
  }
}
