package org.carechain.consensus;

import org.carechain.crypto.Hash;

/**
 * A value that validators agree on, such as a block. Consensus only ever compares values by id,
 * so {@link #id()} must be a collision-resistant hash of the whole value.
 */
public interface ProposedValue {

  /** The hash that votes and certificates name this value by. */
  Hash id();
}
