package org.carechain.crypto.merkle;

import java.util.List;
import org.carechain.crypto.Hash;

/**
 * A consistency proof (RFC 6962 {@code PROOF}) showing that the tree of size {@code size1} is a
 * prefix of the tree of size {@code size2}, in the RFC's order (deepest node first).
 *
 * <p>Construction does not check the values: a proof is untrusted input until
 * {@link ProofVerifier#verifyConsistency} accepts it.
 */
public record ConsistencyProof(long size1, long size2, List<Hash> path) {

  public ConsistencyProof {
    path = List.copyOf(path);
  }
}
