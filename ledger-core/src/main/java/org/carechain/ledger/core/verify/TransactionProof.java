package org.carechain.ledger.core.verify;

import java.util.Objects;
import org.carechain.crypto.merkle.InclusionProof;
import org.carechain.ledger.core.chain.Transaction;

/**
 * What a node serves for a committed transaction: the transaction, the height of the block that
 * committed it, the RFC 6962 inclusion proof into that block's log head, and the certified header.
 * Untrusted until {@link LedgerVerifier#verifyTransaction} accepts it.
 */
public record TransactionProof(Transaction transaction, long height, InclusionProof inclusion, CertifiedHeader block) {

  public TransactionProof {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(inclusion, "inclusion");
    Objects.requireNonNull(block, "block");
  }
}
