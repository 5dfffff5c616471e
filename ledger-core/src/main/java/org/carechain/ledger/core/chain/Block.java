package org.carechain.ledger.core.chain;

import java.util.List;
import java.util.Objects;
import org.carechain.crypto.Hash;

/**
 * A header, the transactions it commits in log order, and the seals that show a submitter signed
 * each of them (see {@link BatchSeal}; the seals are not part of the header's hash: the header's
 * transaction root binds the transactions, and the seals are checked before any vote).
 */
public record Block(BlockHeader header, List<Transaction> transactions, List<BatchSeal> seals) {

  /** A block without seals, as stored before seals existed or built in tests. */
  public Block(BlockHeader header, List<Transaction> transactions) {
    this(header, transactions, List.of());
  }

  public Block {
    Objects.requireNonNull(header, "header");
    transactions = List.copyOf(transactions);
    seals = List.copyOf(seals);
    for (Transaction transaction : transactions) {
      if (transaction.channel() != header.channel()) {
        throw new IllegalArgumentException("a block holds transactions of its own channel only");
      }
    }
  }

  private static final String DOMAIN = "carechain/ledger/block/v2";
  private static final String SEALS_DOMAIN = "carechain/ledger/block-seals/v1";

  public Hash hash() {
    return header.hash();
  }

  /** The header's canonical bytes, then each transaction's, each length-prefixed, then the seals. */
  public byte[] canonicalBytes() {
    org.carechain.crypto.CanonicalEncoder encoder = org.carechain.crypto.CanonicalEncoder.forDomain(DOMAIN)
        .writeBytes(header.canonicalBytes())
        .writeCount(transactions.size());
    transactions.forEach(transaction -> encoder.writeBytes(transaction.canonicalBytes()));
    encoder.writeCount(seals.size());
    seals.forEach(seal -> seal.writeTo(encoder));
    return encoder.toByteArray();
  }

  /** The seals alone, in the layout {@link #canonicalBytes()} ends with. */
  public byte[] sealBytes() {
    org.carechain.crypto.CanonicalEncoder encoder = org.carechain.crypto.CanonicalEncoder.forDomain(SEALS_DOMAIN)
        .writeCount(seals.size());
    seals.forEach(seal -> seal.writeTo(encoder));
    return encoder.toByteArray();
  }

  /**
   * Reads what {@link #sealBytes()} wrote.
   *
   * @throws IllegalArgumentException if the bytes are not exactly such an encoding
   */
  public static List<BatchSeal> sealsFromBytes(byte[] encoded) {
    org.carechain.crypto.CanonicalDecoder decoder = org.carechain.crypto.CanonicalDecoder.forDomain(SEALS_DOMAIN, encoded);
    List<BatchSeal> seals = readSeals(decoder);
    decoder.finish();
    return seals;
  }

  private static List<BatchSeal> readSeals(org.carechain.crypto.CanonicalDecoder decoder) {
    int count = decoder.readCount();
    List<BatchSeal> seals = new java.util.ArrayList<>(Math.min(count, 10_000));
    for (int i = 0; i < count; i++) {
      seals.add(BatchSeal.readFrom(decoder));
    }
    return seals;
  }

  /**
   * Why the seals do not cover the transactions exactly, or null when they do: each seal's taken
   * positions, in order, name the hashes of the next transactions of the block, and together the
   * seals take every transaction once. Signatures are checked separately, against the genesis.
   */
  public String sealCoverageProblem() {
    int next = 0;
    for (BatchSeal seal : seals) {
      for (int position : seal.included()) {
        if (next == transactions.size()) {
          return "the seals take more transactions than the block holds";
        }
        if (!transactions.get(next).hash().equals(seal.leaves().get(position))) {
          return "transaction " + next + " is not the one its seal's batch signed";
        }
        next++;
      }
    }
    return next == transactions.size() ? null : "transaction " + next + " has no seal";
  }

  /**
   * Reads what {@link #canonicalBytes()} wrote.
   *
   * @throws IllegalArgumentException if the bytes are not exactly such an encoding
   */
  public static Block fromCanonicalBytes(byte[] encoded) {
    org.carechain.crypto.CanonicalDecoder decoder = org.carechain.crypto.CanonicalDecoder.forDomain(DOMAIN, encoded);
    BlockHeader header = BlockHeader.fromCanonicalBytes(decoder.readBytes());
    int count = decoder.readCount();
    List<Transaction> transactions = new java.util.ArrayList<>(Math.min(count, 100_000));
    for (int i = 0; i < count; i++) {
      transactions.add(Transaction.fromCanonicalBytes(decoder.readBytes()));
    }
    List<BatchSeal> seals = readSeals(decoder);
    decoder.finish();
    return new Block(header, transactions, seals);
  }

  /**
   * Whether the header's transaction root matches the transactions. A block whose stored
   * transactions were altered fails this, which is how a node detects tampering with its store.
   */
  public boolean transactionsMatchHeader() {
    return Transaction.rootOf(transactions).equals(header.transactionsRoot());
  }
}
