package org.carechain.ledger.core.chain;

import java.util.Objects;

/** A transaction waiting for a block, with the signed batch it came in and its position there. */
public record SealedTransaction(Transaction transaction, BatchSeal.Source source, int position) {

  public SealedTransaction {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(source, "source");
    if (position < 0 || position >= source.leaves().size()) {
      throw new IllegalArgumentException("position outside its batch");
    }
  }
}
