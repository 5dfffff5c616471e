package org.carechain.ledger.core.significance;

import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The counters of one (patient, resource type) group, the unit of incremental recomputation.
 *
 * <p>A provider's live records in the group are summarised by c(k, ω), how many of them fill item
 * ω: its share of the group is g(k) = (1/Ω) · Σ<sub>ω</sub> c(k, ω) / n(ω), which is the sum of
 * v(t) over those records. n(ω) counts the providers with c(k, ω) &gt; 0.
 *
 * <p>Immutable: a change builds a new group, so a forked {@link SignificanceState} can share groups
 * with its parent. Building costs O(providers in the group + Ω · providers whose share changes),
 * independent of the rest of the chain.
 */
final class Group {

  private final int omega;
  // Only providers with at least one filled item have an entry: a record with an empty mask adds
  // nothing, and leaving it out keeps equal states equal.
  private final Map<String, int[]> fillCounts;
  private final int[] providersFilling;
  private final Map<String, Rational> shares;

  private Group(
      int omega, Map<String, int[]> fillCounts, int[] providersFilling, Map<String, Rational> shares) {
    this.omega = omega;
    this.fillCounts = fillCounts;
    this.providersFilling = providersFilling;
    this.shares = shares;
  }

  static Group empty(int omega) {
    return new Group(omega, Map.of(), new int[omega], Map.of());
  }

  /** The outcome of a change: the new group and the providers whose share may have moved. */
  record Change(Group after, Set<String> affectedProviders) {}

  /**
   * The group after one of {@code provider}'s records stops filling {@code removed} and starts
   * filling {@code added} (either may be empty: a create, a delete, or a move between groups).
   * {@code removed} must be a mask this group previously received from {@code provider}.
   */
  Change change(String provider, ItemMask removed, ItemMask added) {
    int[] existing = fillCounts.get(provider);
    int[] counts = existing == null ? new int[omega] : existing.clone();
    BitSet itemsWithNewProviderCount = new BitSet(omega);
    int[] filling = providersFilling.clone();
    for (int item = removed.nextFilled(0); item >= 0; item = removed.nextFilled(item + 1)) {
      if (--counts[item] == 0) {
        filling[item]--;
        itemsWithNewProviderCount.set(item);
      }
    }
    for (int item = added.nextFilled(0); item >= 0; item = added.nextFilled(item + 1)) {
      if (counts[item]++ == 0) {
        filling[item]++;
        // Flip, not set: an item the same change removed and re-added keeps its n.
        itemsWithNewProviderCount.flip(item);
      }
    }

    Map<String, int[]> newCounts = new HashMap<>(fillCounts);
    boolean fillsAnything = false;
    for (int count : counts) {
      fillsAnything |= count > 0;
    }
    if (fillsAnything) {
      newCounts.put(provider, counts);
    } else {
      newCounts.remove(provider);
    }

    Set<String> affected = affectedProviders(provider, newCounts, itemsWithNewProviderCount);
    Map<String, Rational> newShares = new HashMap<>(shares);
    for (String k : affected) {
      int[] kCounts = newCounts.get(k);
      if (kCounts == null) {
        newShares.remove(k);
      } else {
        newShares.put(k, share(kCounts, filling, omega));
      }
    }
    Group after =
        new Group(
            omega,
            Collections.unmodifiableMap(newCounts),
            filling,
            Collections.unmodifiableMap(newShares));
    return new Change(after, Collections.unmodifiableSet(affected));
  }

  /**
   * The share of another provider moves only if it fills an item whose n changed; when no n
   * changed, only the changing provider's own share can move.
   */
  private static Set<String> affectedProviders(
      String provider, Map<String, int[]> counts, BitSet itemsWithNewProviderCount) {
    Set<String> affected = new HashSet<>();
    affected.add(provider);
    if (itemsWithNewProviderCount.isEmpty()) {
      return affected;
    }
    for (Map.Entry<String, int[]> entry : counts.entrySet()) {
      int[] otherCounts = entry.getValue();
      for (int item = itemsWithNewProviderCount.nextSetBit(0);
          item >= 0;
          item = itemsWithNewProviderCount.nextSetBit(item + 1)) {
        if (otherCounts[item] > 0) {
          affected.add(entry.getKey());
          break;
        }
      }
    }
    return affected;
  }

  private static Rational share(int[] counts, int[] providersFilling, int omega) {
    Rational sum = Rational.ZERO;
    for (int item = 0; item < counts.length; item++) {
      if (counts[item] > 0) {
        sum = sum.plus(Rational.of(counts[item], providersFilling[item]));
      }
    }
    return sum.dividedBy(omega);
  }

  /** g(k): the sum of v(t) over {@code provider}'s live records in this group. */
  Rational shareOf(String provider) {
    return shares.getOrDefault(provider, Rational.ZERO);
  }

  boolean isEmpty() {
    return fillCounts.isEmpty();
  }
}
