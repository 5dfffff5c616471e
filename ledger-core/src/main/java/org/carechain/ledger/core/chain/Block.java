package org.carechain.ledger.core.chain;

import java.util.List;
import java.util.Objects;
import org.carechain.crypto.Hash;

/** A header and the transactions it commits, in log order. */
public record Block(BlockHeader header, List<Transaction> transactions) {

  public Block {
    Objects.requireNonNull(header, "header");
    transactions = List.copyOf(transactions);
    for (Transaction transaction : transactions) {
      if (transaction.channel() != header.channel()) {
        throw new IllegalArgumentException("a block holds transactions of its own channel only");
      }
    }
  }

  private static final String DOMAIN = "carechain/ledger/block/v1";

  public Hash hash() {
    return header.hash();
  }

  /** The header's canonical bytes, then each transaction's, each length-prefixed. */
  public byte[] canonicalBytes() {
    org.carechain.crypto.CanonicalEncoder encoder = org.carechain.crypto.CanonicalEncoder.forDomain(DOMAIN)
        .writeBytes(header.canonicalBytes())
        .writeCount(transactions.size());
    transactions.forEach(transaction -> encoder.writeBytes(transaction.canonicalBytes()));
    return encoder.toByteArray();
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
    decoder.finish();
    return new Block(header, transactions);
  }

  /**
   * Whether the header's transaction root matches the transactions. A block whose stored
   * transactions were altered fails this, which is how a node detects tampering with its store.
   */
  public boolean transactionsMatchHeader() {
    return Transaction.rootOf(transactions).equals(header.transactionsRoot());
  }
}
