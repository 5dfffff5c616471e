package org.carechain.ledger.core.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.InclusionProof;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.ledger.core.chain.BlockHeader;

/** Small, deliberate corruptions of proofs and headers. */
final class Forgeries {

  private Forgeries() {}

  static Hash flipBit(Hash hash, int bit) {
    byte[] bytes = hash.toByteArray();
    bytes[bit / 8 % Hash.SIZE] ^= (byte) (1 << (bit % 8));
    return Hash.of(bytes);
  }

  static Hash flipRandomBit(Hash hash, Random random) {
    return flipBit(hash, random.nextInt(8 * Hash.SIZE));
  }

  /** Every header that differs from {@code h} in exactly one field. */
  static List<BlockHeader> oneFieldChanged(BlockHeader h, Random random) {
    return List.of(
        new BlockHeader(h.channel(), h.height() + 1, h.previousHash(), h.timestampMillis(), h.proposer(),
            h.transactionsRoot(), h.significanceRoot(), h.log()),
        new BlockHeader(h.channel(), h.height(), flipRandomBit(h.previousHash(), random), h.timestampMillis(),
            h.proposer(), h.transactionsRoot(), h.significanceRoot(), h.log()),
        new BlockHeader(h.channel(), h.height(), h.previousHash(), h.timestampMillis() + 1, h.proposer(),
            h.transactionsRoot(), h.significanceRoot(), h.log()),
        new BlockHeader(h.channel(), h.height(), h.previousHash(), h.timestampMillis(), h.proposer() + "x",
            h.transactionsRoot(), h.significanceRoot(), h.log()),
        new BlockHeader(h.channel(), h.height(), h.previousHash(), h.timestampMillis(), h.proposer(),
            flipRandomBit(h.transactionsRoot(), random), h.significanceRoot(), h.log()),
        new BlockHeader(h.channel(), h.height(), h.previousHash(), h.timestampMillis(), h.proposer(),
            h.transactionsRoot(), flipRandomBit(h.significanceRoot(), random), h.log()),
        new BlockHeader(h.channel(), h.height(), h.previousHash(), h.timestampMillis(), h.proposer(),
            h.transactionsRoot(), h.significanceRoot(), new TreeHead(h.log().size() + 1, h.log().root())),
        new BlockHeader(h.channel(), h.height(), h.previousHash(), h.timestampMillis(), h.proposer(),
            h.transactionsRoot(), h.significanceRoot(),
            new TreeHead(h.log().size(), flipRandomBit(h.log().root(), random))));
  }

  /** Audit paths one bit, one element too short or one element too long away from {@code proof}'s. */
  static List<InclusionProof> forgedPaths(InclusionProof proof, Random random) {
    List<InclusionProof> forged = new ArrayList<>();
    List<Hash> path = proof.path();
    for (int i = 0; i < path.size(); i++) {
      List<Hash> changed = new ArrayList<>(path);
      changed.set(i, flipRandomBit(path.get(i), random));
      forged.add(new InclusionProof(proof.leafIndex(), proof.treeSize(), changed));
    }
    if (!path.isEmpty()) {
      forged.add(new InclusionProof(proof.leafIndex(), proof.treeSize(), path.subList(0, path.size() - 1)));
    }
    List<Hash> longer = new ArrayList<>(path);
    longer.add(Hash.sha256(new byte[] {(byte) random.nextInt()}));
    forged.add(new InclusionProof(proof.leafIndex(), proof.treeSize(), longer));
    return forged;
  }
}
