package org.carechain.consensus;

/**
 * Turns a proposed value into bytes and back, so that WAL entries holding values can be stored.
 * {@code decode(encode(v))} must give a value with the same id.
 */
public interface ValueCodec<V extends ProposedValue> {

  byte[] encode(V value);

  /** @throws IllegalArgumentException if {@code bytes} is not an encoding of a value */
  V decode(byte[] bytes);
}
