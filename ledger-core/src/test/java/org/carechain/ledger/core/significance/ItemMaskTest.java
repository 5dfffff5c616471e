package org.carechain.ledger.core.significance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ItemMaskTest {

  @Test
  void bitIIsBitIMod8OfByteIDiv8LeastSignificantFirst() {
    // 0x05 = items 0 and 2; 0x80 in the second byte = item 15.
    ItemMask mask = ItemMask.fromBytes(new byte[] {0x05, (byte) 0x80});
    assertEquals(ItemMask.of(0, 2, 15), mask);
    assertEquals(16, mask.length());
    assertArrayEquals(new byte[] {0x05, (byte) 0x80}, mask.toBytes());
  }

  @Test
  void trailingZeroBytesDoNotChangeTheMask() {
    assertEquals(ItemMask.of(1), ItemMask.fromBytes(new byte[] {0x02, 0, 0}));
    assertEquals(ItemMask.EMPTY, ItemMask.fromBytes(new byte[] {0}));
    assertEquals(0, ItemMask.EMPTY.length());
    assertArrayEquals(new byte[0], ItemMask.EMPTY.toBytes());
  }

  @Test
  void isImmutable() {
    var bits = new java.util.BitSet();
    bits.set(3);
    ItemMask mask = ItemMask.fromBitSet(bits);
    bits.set(4);
    mask.toBitSet().set(5);
    assertEquals(ItemMask.of(3), mask);
    assertTrue(mask.fills(3));
    assertFalse(mask.fills(4));
    assertFalse(mask.fills(-1));
  }

  @Test
  void negativeIndicesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> ItemMask.of(-1));
  }
}
