package org.carechain.crypto.merkle;

import java.util.Objects;
import org.carechain.crypto.Hash;

/** The size of a log and its Merkle tree hash (RFC 6962 {@code MTH}) at that size. */
public record TreeHead(long size, Hash root) {

  /**
   * @throws IllegalArgumentException if {@code size} is negative
   */
  public TreeHead {
    if (size < 0) {
      throw new IllegalArgumentException("tree size must be >= 0, got " + size);
    }
    Objects.requireNonNull(root, "root");
  }
}
