package org.carechain.consensus;

/** Signs this validator's payloads (from {@link SigningPayloads}) with its consensus key. */
@FunctionalInterface
public interface MessageSigner {

  /**
   * Signing our own message cannot fail for a reason a peer caused, so a failure here is a local
   * fault and may throw an unchecked exception.
   */
  Signature sign(byte[] payload);
}
