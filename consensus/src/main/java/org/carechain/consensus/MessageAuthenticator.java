package org.carechain.consensus;

/**
 * Checks that a peer's payload was signed by {@code validator}'s consensus key.
 *
 * <p>Returns a boolean rather than throwing, because a bad signature from a peer is an expected
 * input, not a local fault: the core drops the message and says why.
 */
@FunctionalInterface
public interface MessageAuthenticator {

  /** False for an unknown validator or a signature that does not verify. */
  boolean isAuthentic(String validator, byte[] payload, Signature signature);
}
