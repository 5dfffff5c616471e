package org.carechain.ledger.core.verify;

import java.util.Objects;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Transaction;

/** How a client named the transaction it asked for: by its hash, or by its idempotency key. */
public sealed interface TransactionQuery {

  /** Whether {@code transaction} is the one asked for. */
  boolean matches(Transaction transaction);

  /** Why {@code transaction} is not the one asked for; names no transaction content. */
  String mismatch(Transaction transaction);

  static TransactionQuery byHash(Hash hash) {
    return new ByHash(hash);
  }

  static TransactionQuery byIdempotencyKey(String key) {
    return new ByIdempotencyKey(key);
  }

  /** The transaction whose RFC 6962 leaf hash is {@code hash}. */
  record ByHash(Hash hash) implements TransactionQuery {
    public ByHash {
      Objects.requireNonNull(hash, "hash");
    }

    @Override
    public boolean matches(Transaction transaction) {
      return transaction.hash().equals(hash);
    }

    @Override
    public String mismatch(Transaction transaction) {
      return "the transaction's leaf hash is " + transaction.hash() + ", but " + hash + " was asked for";
    }
  }

  /** The transaction with idempotency key {@code key} on the channel. */
  record ByIdempotencyKey(String key) implements TransactionQuery {
    public ByIdempotencyKey {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public boolean matches(Transaction transaction) {
      return transaction.idempotencyKey().equals(key);
    }

    @Override
    public String mismatch(Transaction transaction) {
      return "the transaction has another idempotency key than the one asked for";
    }
  }
}
