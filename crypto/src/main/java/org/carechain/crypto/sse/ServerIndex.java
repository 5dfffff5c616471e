package org.carechain.crypto.sse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.carechain.crypto.merkle.MerkleLog;
import org.carechain.crypto.merkle.TreeHead;

/**
 * The untrusted server's index held in memory: entries by label, and the RFC 6962 log of every
 * entry in the order applied. It is the reference for tests and benchmarks; search-service keeps
 * the same data in PostgreSQL. It sees only labels and values, and learns nothing from them but
 * what the token of a search reveals.
 *
 * <p>Thread-safe: every method holds the index's lock.
 */
public final class ServerIndex {

  private final Map<LabelKey, Entry> entries;
  private final MerkleLog log = MerkleLog.create();

  /** An empty index. */
  public ServerIndex() {
    this(16);
  }

  /** An empty index sized for about {@code expectedEntries} entries. */
  public ServerIndex(int expectedEntries) {
    entries = new HashMap<>(Math.max(16, (int) Math.min(Integer.MAX_VALUE / 2, expectedEntries * 4L / 3 + 1)));
  }

  /**
   * Stores {@code batch} and appends each entry's leaf {@code label || value} to the log, in the
   * batch's order. All or nothing.
   *
   * @return the log's head after the batch
   * @throws IllegalArgumentException if a label is already held or repeated within the batch
   */
  public synchronized TreeHead apply(List<Entry> batch) {
    Objects.requireNonNull(batch, "batch");
    List<LabelKey> inserted = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Entry entry = Objects.requireNonNull(batch.get(i), "entry");
      LabelKey key = new LabelKey(entry.label());
      if (entries.putIfAbsent(key, entry) != null) {
        // All or nothing: undo this batch's inserts before refusing it.
        inserted.forEach(entries::remove);
        throw new IllegalArgumentException("entry " + i + " of the batch repeats a label already held");
      }
      inserted.add(key);
    }
    for (Entry entry : batch) {
      log.appendLeaf(entry.leafData());
    }
    return log.treeHead();
  }

  /** The entries stored under {@code labels}, in the order asked; labels not held are left out. */
  public synchronized List<Entry> search(List<byte[]> labels) {
    Objects.requireNonNull(labels, "labels");
    List<Entry> found = new ArrayList<>(labels.size());
    for (byte[] label : labels) {
      // The wrapper is only looked up, never stored, so it need not copy the caller's array.
      Entry entry = entries.get(new LabelKey(Objects.requireNonNull(label, "label")));
      if (entry != null) {
        found.add(entry);
      }
    }
    return found;
  }

  /** The log's current size and root. */
  public synchronized TreeHead head() {
    return log.treeHead();
  }

  /** The number of entries held. */
  public synchronized int size() {
    return entries.size();
  }

  /** A label as a map key. Labels are PRF outputs, so their first bytes are already a good hash. */
  private static final class LabelKey {
    private final byte[] label;
    private final int hash;

    LabelKey(byte[] label) {
      this.label = label;
      this.hash = label.length >= 4
          ? (label[0] & 0xff) << 24 | (label[1] & 0xff) << 16 | (label[2] & 0xff) << 8 | label[3] & 0xff
          : Arrays.hashCode(label);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof LabelKey that && Arrays.equals(label, that.label);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
