package org.carechain.crypto.merkle;

import java.util.ArrayList;
import java.util.List;
import org.carechain.crypto.Hash;

/**
 * A growable array of 32-byte hashes packed into fixed-size chunks.
 *
 * <p>One {@link Hash} object per node would cost about three times the memory of the bytes alone
 * and give the garbage collector millions of objects to trace; chunks also grow without the copying
 * a single doubling array needs.
 */
final class HashArray {

  private static final int CHUNK_BITS = 12;
  private static final int HASHES_PER_CHUNK = 1 << CHUNK_BITS;
  private static final int CHUNK_BYTES = HASHES_PER_CHUNK * Hash.SIZE;

  private final List<byte[]> chunks = new ArrayList<>();
  private long size;

  long size() {
    return size;
  }

  private byte[] chunkFor(long index) {
    return chunks.get((int) (index >>> CHUNK_BITS));
  }

  private static int offsetOf(long index) {
    return (int) (index & (HASHES_PER_CHUNK - 1)) * Hash.SIZE;
  }

  void add(Hash hash) {
    grow();
    hash.copyTo(chunkFor(size), offsetOf(size));
    size++;
  }

  /** Appends the node hash of {@code children[leftIndex]} and {@code children[leftIndex + 1]}. */
  void addParentOf(HashArray children, long leftIndex, Rfc6962Hasher hasher) {
    grow();
    hasher.hashChildren(
        children.chunkFor(leftIndex), offsetOf(leftIndex),
        children.chunkFor(leftIndex + 1), offsetOf(leftIndex + 1),
        chunkFor(size), offsetOf(size));
    size++;
  }

  Hash get(long index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + ", size " + size);
    }
    return Hash.of(chunkFor(index), offsetOf(index));
  }

  private void grow() {
    if (size == (long) chunks.size() << CHUNK_BITS) {
      chunks.add(new byte[CHUNK_BYTES]);
    }
  }
}
