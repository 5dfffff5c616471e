package org.carechain.ledger.core.chain;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Objects;
import org.carechain.crypto.CanonicalDecoder;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sign.KeyId;
import org.carechain.crypto.sign.PublicKeyVerify;

/**
 * What a block carries so that every validator can check that a submitter signed its
 * transactions, not only the validator that admitted them: the submitter's signature over a
 * {@link TransactionBatch}, the leaf hashes of the whole batch as signed, and which of them (by
 * position, ascending) this block takes, in block order. A block may take part of a batch: the
 * rest was already on the chain when the batch arrived, or went into an earlier block.
 *
 * @param included positions in {@code leaves} of the transactions taken, strictly ascending
 */
public record BatchSeal(KeyId submitter, byte[] signature, List<Hash> leaves, List<Integer> included) {

  public BatchSeal {
    Objects.requireNonNull(submitter, "submitter");
    signature = Objects.requireNonNull(signature, "signature").clone();
    leaves = List.copyOf(leaves);
    included = List.copyOf(included);
    if (leaves.isEmpty() || leaves.size() > TransactionBatch.MAX_TRANSACTIONS || included.isEmpty()) {
      throw new IllegalArgumentException("a seal covers 1 to " + TransactionBatch.MAX_TRANSACTIONS
          + " signed transactions and takes at least one");
    }
    int previous = -1;
    for (int position : included) {
      if (position <= previous || position >= leaves.size()) {
        throw new IllegalArgumentException("a seal's positions must ascend within its batch");
      }
      previous = position;
    }
  }

  /** The signed batch a validator admitted, to seal the parts of it that blocks take. */
  public record Source(KeyId submitter, byte[] signature, List<Hash> leaves) {
    public Source {
      Objects.requireNonNull(submitter, "submitter");
      signature = Objects.requireNonNull(signature, "signature").clone();
      leaves = List.copyOf(leaves);
    }

    public static Source of(TransactionBatch batch) {
      return new Source(batch.submitter(), batch.signature(),
          batch.transactions().stream().map(Transaction::hash).toList());
    }
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BatchSeal that && submitter.equals(that.submitter)
        && java.util.Arrays.equals(signature, that.signature) && leaves.equals(that.leaves)
        && included.equals(that.included);
  }

  @Override
  public int hashCode() {
    return Objects.hash(submitter, java.util.Arrays.hashCode(signature), leaves, included);
  }

  @Override
  public String toString() {
    return "BatchSeal[" + submitter.hex() + ", " + included.size() + " of " + leaves.size() + "]";
  }

  /**
   * Checks the submitter's signature over the whole batch.
   *
   * @throws GeneralSecurityException if it does not verify
   */
  public void verify(PublicKeyVerify submitterKey) throws GeneralSecurityException {
    submitterKey.verify(signature, TransactionBatch.signedBytes(Transaction.rootOfLeaves(leaves), leaves.size()));
  }

  void writeTo(CanonicalEncoder encoder) {
    encoder.writeString(submitter.hex()).writeBytes(signature).writeCount(leaves.size());
    leaves.forEach(encoder::writeHash);
    encoder.writeCount(included.size());
    included.forEach(position -> encoder.writeCount(position));
  }

  static BatchSeal readFrom(CanonicalDecoder decoder) {
    KeyId submitter = KeyId.of(decoder.readString());
    byte[] signature = decoder.readBytes();
    int count = decoder.readCount();
    List<Hash> leaves = new java.util.ArrayList<>(Math.min(count, TransactionBatch.MAX_TRANSACTIONS));
    for (int i = 0; i < count; i++) {
      leaves.add(decoder.readHash());
    }
    int taken = decoder.readCount();
    List<Integer> included = new java.util.ArrayList<>(Math.min(taken, TransactionBatch.MAX_TRANSACTIONS));
    for (int i = 0; i < taken; i++) {
      included.add(decoder.readCount());
    }
    return new BatchSeal(submitter, signature, leaves, included);
  }
}
