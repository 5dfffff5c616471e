package org.carechain.consensus;

import java.util.ArrayList;
import java.util.List;

/**
 * A write-ahead log that lives as long as the object: for tests, and as the reference a durable
 * implementation must behave like (append in order, read back in order, drop decided heights).
 */
public final class InMemoryWal<V extends ProposedValue> {

  private final List<WalEntry<V>> entries = new ArrayList<>();

  public void append(WalEntry<V> entry) {
    entries.add(entry);
  }

  /** Every entry still held, oldest first. */
  public List<WalEntry<V>> entries() {
    return List.copyOf(entries);
  }

  /** Forgets the entries of heights below {@code height}, once their blocks are committed. */
  public void truncateBelow(long height) {
    entries.removeIf(entry -> entry.height() < height);
  }

  public int size() {
    return entries.size();
  }
}
