package org.carechain.crypto.escrow;

import java.util.List;
import java.util.Objects;

/**
 * The output of {@link ThresholdEscrow#deal}: one key share per officer, index i at position
 * i − 1, and the public verification keys. The dealer hands each share to its officer and
 * publishes the verification keys, then drops this object. {@link #toString()} shows no share.
 */
public final class EscrowDealing {

  private final EscrowVerificationKeys verificationKeys;
  private final List<EscrowKeyShare> shares;

  EscrowDealing(EscrowVerificationKeys verificationKeys, List<EscrowKeyShare> shares) {
    this.verificationKeys = Objects.requireNonNull(verificationKeys);
    this.shares = List.copyOf(shares);
  }

  public EscrowVerificationKeys verificationKeys() {
    return verificationKeys;
  }

  /** The shares for officers 1..n, in that order. */
  public List<EscrowKeyShare> shares() {
    return shares;
  }

  public EscrowPublicKey escrowKey() {
    return verificationKeys.escrowKey();
  }

  @Override
  public String toString() {
    return "EscrowDealing{" + verificationKeys + "}";
  }
}
