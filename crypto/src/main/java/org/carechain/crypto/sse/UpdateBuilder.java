package org.carechain.crypto.sse;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.carechain.crypto.Hash;

/**
 * Builds one epoch's index updates on the owner's side. Each {@link #add} gives the keyword's next
 * counter {@code c = count + 1} its label {@code L_c}, seals the posting under the keyword's value
 * key, and extends the keyword's hash chain; several adds to one keyword in a batch chain on each
 * other. {@link #build} returns the entries shuffled, so their order on the wire and in the update
 * log does not group them by keyword.
 *
 * <p>All randomness (nonces and shuffle) comes from the given {@link SecureRandom}, drawn in blocks
 * that grow with the batch: one call per block rather than two per entry, since a call costs more
 * than sealing an entry.
 *
 * <p>Single-use and not thread-safe: one builder per batch.
 */
public final class UpdateBuilder {

  private static final int FIRST_BLOCK = 64;
  private static final int MAX_BLOCK = 16 * 1024;

  private final Function<Hash, KeywordState> currentState;
  private final SecureRandom random;
  private final Map<Hash, KeywordState> newStates = new HashMap<>();
  private final List<Entry> entries = new ArrayList<>();
  private byte[] randomBlock = new byte[0];
  private int randomUsed;
  private boolean built;

  /**
   * @param currentState the owner's stored state of a keyword by tag, or {@code null} (or
   *     {@link KeywordState#EMPTY}) for a keyword with no entries yet
   * @param random draws the value nonces and the shuffle
   */
  public UpdateBuilder(Function<Hash, KeywordState> currentState, SecureRandom random) {
    this.currentState = Objects.requireNonNull(currentState, "currentState");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Appends {@code posting} to the keyword of {@code keys} and returns the new entry.
   *
   * @throws IllegalStateException after {@link #build}
   */
  public Entry add(KeywordKeys keys, Posting posting) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(posting, "posting");
    if (built) {
      throw new IllegalStateException("this batch is already built; start a new UpdateBuilder");
    }
    Hash tag = keys.tag();
    KeywordState state = newStates.get(tag);
    if (state == null) {
      state = currentState.apply(tag);
      if (state == null) {
        state = KeywordState.EMPTY;
      }
    }
    byte[] label = keys.label(state.count() + 1);
    int nonceOffset = take(EntryCipher.NONCE_SIZE);
    Entry entry = new Entry(label,
        EntryCipher.seal(keys.encryptionKeyNoCopy(), label, posting, randomBlock, nonceOffset));
    newStates.put(tag, state.next(entry));
    entries.add(entry);
    return entry;
  }

  /** The number of entries added so far. */
  public int size() {
    return entries.size();
  }

  /**
   * The batch: the entries in a uniformly random order (Fisher–Yates over unbiased draws from the
   * builder's random) and the new state of each keyword touched.
   *
   * @throws IllegalStateException if called twice
   */
  public UpdateBatch build() {
    if (built) {
      throw new IllegalStateException("this batch is already built");
    }
    built = true;
    for (int i = entries.size() - 1; i > 0; i--) {
      int j = uniform(i + 1);
      Entry swap = entries.get(i);
      entries.set(i, entries.get(j));
      entries.set(j, swap);
    }
    return new UpdateBatch(entries, newStates);
  }

  /** A uniform integer in {@code [0, bound)}, by rejection as {@link java.util.Random#nextInt(int)}. */
  private int uniform(int bound) {
    while (true) {
      int offset = take(Integer.BYTES);
      int bits = ((randomBlock[offset] & 0x7f) << 24) | ((randomBlock[offset + 1] & 0xff) << 16)
          | ((randomBlock[offset + 2] & 0xff) << 8) | (randomBlock[offset + 3] & 0xff);
      int value = bits % bound;
      if (bits - value + (bound - 1) >= 0) {
        return value;
      }
    }
  }

  /** The offset in {@link #randomBlock} of {@code count} fresh random bytes. */
  private int take(int count) {
    if (randomUsed + count > randomBlock.length) {
      int size = Math.min(MAX_BLOCK, Math.max(FIRST_BLOCK, 2 * randomBlock.length));
      randomBlock = new byte[size];
      random.nextBytes(randomBlock);
      randomUsed = 0;
    }
    int offset = randomUsed;
    randomUsed += count;
    return offset;
  }
}
