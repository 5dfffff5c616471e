package org.carechain.ledger.core.consent;

import java.util.Objects;
import java.util.Optional;
import org.carechain.crypto.Hash;

/**
 * A grant as the chain holds it: the transaction that made it, the height that committed it and,
 * once revoked, the revocation's transaction and height.
 */
public record RecordedGrant(Hash transactionHash, long height, ConsentGrant grant, Optional<Revoked> revoked) {

  /** The revocation of a grant. */
  public record Revoked(Hash transactionHash, long height, long revokedAtMillis) {
    public Revoked {
      Objects.requireNonNull(transactionHash, "transactionHash");
    }
  }

  public RecordedGrant {
    Objects.requireNonNull(transactionHash, "transactionHash");
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(revoked, "revoked");
    if (height < 1) {
      throw new IllegalArgumentException("a recorded grant is in a block, height 1 or more");
    }
  }

  public static RecordedGrant active(Hash transactionHash, long height, ConsentGrant grant) {
    return new RecordedGrant(transactionHash, height, grant, Optional.empty());
  }

  /** Whether the grant was revoked by a block at or below {@code height}. */
  public boolean revokedAt(long height) {
    return revoked.map(r -> r.height() <= height).orElse(false);
  }

  public RecordedGrant revoke(Revoked revocation) {
    return new RecordedGrant(transactionHash, height, grant, Optional.of(revocation));
  }
}
