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

  public Hash hash() {
    return header.hash();
  }

  /**
   * Whether the header's transaction root matches the transactions. A block whose stored
   * transactions were altered fails this, which is how a node detects tampering with its store.
   */
  public boolean transactionsMatchHeader() {
    return Transaction.rootOf(transactions).equals(header.transactionsRoot());
  }
}
