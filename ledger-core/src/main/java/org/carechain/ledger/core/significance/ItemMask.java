package org.carechain.ledger.core.significance;

import java.util.BitSet;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Which important items of its resource type a record fills: bit i set means item i is filled.
 *
 * <p>Byte layout ({@link #fromBytes}, {@link #toBytes}), as in the {@code item_mask} field of a
 * record event: bit i is bit {@code i % 8} (least significant first) of byte {@code i / 8}, the
 * layout of {@link BitSet#valueOf(byte[])}. Trailing zero bytes do not change the mask.
 *
 * <p>The mask does not know Ω; the significance engine rejects a mask with a bit at or above Ω of
 * the record's type.
 */
public final class ItemMask {

  public static final ItemMask EMPTY = new ItemMask(new BitSet());

  private final BitSet bits;

  private ItemMask(BitSet bits) {
    this.bits = bits;
  }

  /** Decodes the wire layout described above. */
  public static ItemMask fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new ItemMask(BitSet.valueOf(bytes));
  }

  public static ItemMask fromBitSet(BitSet bits) {
    Objects.requireNonNull(bits, "bits");
    return new ItemMask((BitSet) bits.clone());
  }

  /**
   * The mask with exactly {@code items} set.
   *
   * @throws IllegalArgumentException if an index is negative
   */
  public static ItemMask of(int... items) {
    BitSet bits = new BitSet();
    for (int item : items) {
      if (item < 0) {
        throw new IllegalArgumentException("item index must be >= 0, got " + item);
      }
      bits.set(item);
    }
    return new ItemMask(bits);
  }

  public boolean fills(int item) {
    return item >= 0 && bits.get(item);
  }

  /** The first filled item at or after {@code from}, or -1; lets hot loops iterate without boxing. */
  int nextFilled(int from) {
    return bits.nextSetBit(from);
  }

  /** One more than the highest item filled, or 0 for the empty mask. */
  public int length() {
    return bits.length();
  }

  public boolean isEmpty() {
    return bits.isEmpty();
  }

  /** The filled items, ascending. */
  public IntStream items() {
    return bits.stream();
  }

  /** The minimal wire encoding (no trailing zero bytes; empty for the empty mask). */
  public byte[] toBytes() {
    return bits.toByteArray();
  }

  public BitSet toBitSet() {
    return (BitSet) bits.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ItemMask that && bits.equals(that.bits);
  }

  @Override
  public int hashCode() {
    return bits.hashCode();
  }

  @Override
  public String toString() {
    return bits.toString();
  }
}
