package org.carechain.crypto.merkle;

import java.util.List;
import org.carechain.crypto.Hash;

/**
 * An audit path (RFC 6962 {@code PATH}) showing that leaf {@code leafIndex} is in the tree of size
 * {@code treeSize}, ordered from the leaf's sibling up to the child of the root.
 *
 * <p>Construction does not check the values: a proof is untrusted input until
 * {@link ProofVerifier#verifyInclusion} accepts it.
 */
public record InclusionProof(long leafIndex, long treeSize, List<Hash> path) {

  public InclusionProof {
    path = List.copyOf(path);
  }
}
