package org.carechain.ledger.core.chain;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Objects;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519Sign;
import org.carechain.crypto.sign.KeyId;
import org.carechain.crypto.sign.PublicKeyVerify;

/**
 * Transactions submitted together under one Ed25519 signature. The submitter signs the RFC 6962
 * root of the transactions' hashes, not each transaction: one verification per batch is what
 * lets validators keep up with thousands of transactions per second.
 */
public record TransactionBatch(List<Transaction> transactions, KeyId submitter, byte[] signature) {

  /** Most transactions in one batch. */
  public static final int MAX_TRANSACTIONS = 10_000;

  private static final String DOMAIN = "carechain/ledger/batch/v1";

  public TransactionBatch {
    Objects.requireNonNull(transactions, "transactions");
    if (transactions.isEmpty() || transactions.size() > MAX_TRANSACTIONS) {
      throw new IllegalArgumentException("a batch must hold 1 to " + MAX_TRANSACTIONS + " transactions");
    }
    transactions = List.copyOf(transactions);
    Objects.requireNonNull(submitter, "submitter");
    Objects.requireNonNull(signature, "signature");
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** Signs the transactions with the submitter's key. */
  public static TransactionBatch sign(List<Transaction> transactions, Ed25519PrivateKey key) {
    byte[] signature = Ed25519Sign.create(key).sign(signedBytes(Transaction.rootOf(transactions), transactions.size()));
    return new TransactionBatch(transactions, key.keyId(), signature);
  }

  /**
   * Checks the signature with the submitter's key.
   *
   * @throws GeneralSecurityException if the signature does not match these transactions
   */
  public void verify(PublicKeyVerify submitterKey) throws GeneralSecurityException {
    submitterKey.verify(signature, signedBytes(Transaction.rootOf(transactions), transactions.size()));
  }

  /** What the submitter signs: the batch's RFC 6962 root and its size, under the batch domain. */
  static byte[] signedBytes(Hash root, int count) {
    return CanonicalEncoder.forDomain(DOMAIN).writeHash(root).writeCount(count).toByteArray();
  }
}
