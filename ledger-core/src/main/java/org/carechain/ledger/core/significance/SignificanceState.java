package org.carechain.ledger.core.significance;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.Ids;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * The significance of every provider, kept exactly and updated incrementally from committed events.
 *
 * <p>s(k) = Σ<sub>live t of k</sub> v(t) + R · (blocks proposed by k), with v(t) = (1/Ω) ·
 * Σ<sub>ω</sub> A(t, ω) / n(p, τ, ω). An event on a record touches only the (patient, type)
 * groups the record leaves and enters; each group keeps its own counters (see {@link Group}), so
 * the cost of an event is bounded by the size of those groups, not by the chain.
 *
 * <p>Record lifecycle, keyed by {@link RecordKey}: CREATE needs a record that is not live, UPDATE
 * and DELETE need a live one; anything else is rejected, and a rejected event changes nothing. A
 * deleted record may be created again.
 *
 * <p>Mutable and not thread-safe. Deterministic: the same events in the same order give equal
 * states on every node, whatever the hash-map iteration order, because all sums are exact.
 * The maps are persistent (pcollections): a {@link #copy} shares them and costs nothing, and each
 * change replaces a map by a new version, so a copy and its origin never see each other's changes.
 * A validator copies the state for every proposal it builds or checks and for every block it
 * commits; with plain maps each copy cost a pass over every live record of the chain.
 */
public final class SignificanceState {

  private final ItemCatalog catalog;
  private final Rational blockReward;
  private PMap<RecordKey, LiveRecord> liveRecords;
  private PMap<GroupKey, Group> groups;
  // Σ over groups of the provider's share; providers with zero are left out, so equal states have
  // equal maps.
  private PMap<String, Rational> recordSignificance;
  private PMap<String, Long> blocksProposed;

  private SignificanceState(
      ItemCatalog catalog,
      Rational blockReward,
      PMap<RecordKey, LiveRecord> liveRecords,
      PMap<GroupKey, Group> groups,
      PMap<String, Rational> recordSignificance,
      PMap<String, Long> blocksProposed) {
    this.catalog = catalog;
    this.blockReward = blockReward;
    this.liveRecords = liveRecords;
    this.groups = groups;
    this.recordSignificance = recordSignificance;
    this.blocksProposed = blocksProposed;
  }

  /**
   * The empty state of a channel.
   *
   * @param blockRewardNano R from genesis, in nano units ({@link NanoUnits}); may be zero
   * @throws IllegalArgumentException if the reward is negative
   */
  public static SignificanceState genesis(ItemCatalog catalog, long blockRewardNano) {
    Objects.requireNonNull(catalog, "catalog");
    if (blockRewardNano < 0) {
      throw new IllegalArgumentException("block reward must be >= 0 nano units, got " + blockRewardNano);
    }
    return new SignificanceState(
        catalog,
        NanoUnits.toRational(blockRewardNano),
        HashTreePMap.empty(),
        HashTreePMap.empty(),
        HashTreePMap.empty(),
        HashTreePMap.empty());
  }

  /**
   * An independent copy, e.g. to validate a proposed block without touching the committed state.
   * Costs nothing: the persistent maps are shared, and either side's changes make new versions.
   */
  public SignificanceState copy() {
    return new SignificanceState(catalog, blockReward, liveRecords, groups, recordSignificance, blocksProposed);
  }

  /**
   * The state after a block's events, applied in order to a copy; this state is never changed.
   *
   * @throws RejectedEventException for the first event that does not fit, with its index
   */
  public SignificanceState withBlock(List<? extends SignificanceEvent> events)
      throws RejectedEventException {
    SignificanceState next = copy();
    for (int i = 0; i < events.size(); i++) {
      try {
        next.apply(events.get(i));
      } catch (RejectedEventException e) {
        throw e.atIndex(i);
      }
    }
    return next;
  }

  /**
   * Checks that {@code event} would be accepted by {@link #apply} now, without changing anything.
   *
   * @throws RejectedEventException with the reason it would be rejected
   */
  public void check(SignificanceEvent event) throws RejectedEventException {
    Objects.requireNonNull(event, "event");
    if (event instanceof RecordEvent recordEvent) {
      checkRecordEvent(recordEvent);
    }
  }

  /**
   * Applies one committed event.
   *
   * @throws RejectedEventException if the event does not fit the state; nothing changed then
   */
  public void apply(SignificanceEvent event) throws RejectedEventException {
    check(event);
    if (event instanceof RecordEvent recordEvent) {
      applyRecordEvent(recordEvent);
    } else if (event instanceof BlockReward reward) {
      blocksProposed = blocksProposed.plus(reward.proposer(),
          Math.addExact(blocksProposed.getOrDefault(reward.proposer(), 0L), 1L));
    }
  }

  private void checkRecordEvent(RecordEvent event) throws RejectedEventException {
    if (!catalog.covers(event.resourceType())) {
      throw new RejectedEventException(
          "resource type " + event.resourceType() + " has no important items in the catalog");
    }
    int omega = catalog.omega(event.resourceType());
    if (event.itemMask().length() > omega) {
      throw new RejectedEventException(
          event.key() + ": item mask fills item " + (event.itemMask().length() - 1) + " but "
              + event.resourceType() + " has only " + omega + " important items (Ω = " + omega + ")");
    }
    LiveRecord live = liveRecords.get(event.key());
    switch (event.operation()) {
      case CREATE -> {
        if (live != null) {
          throw new RejectedEventException(event.key() + ": CREATE of a record that is already live");
        }
      }
      case UPDATE -> {
        if (live == null) {
          throw new RejectedEventException(event.key() + ": UPDATE of a record that is not live");
        }
      }
      case DELETE -> {
        if (live == null) {
          throw new RejectedEventException(event.key() + ": DELETE of a record that is not live");
        }
        if (event.patientRef() != null && !event.patientRef().equals(live.patientRef())) {
          throw new RejectedEventException(
              event.key() + ": DELETE names a different patient than the live record");
        }
      }
    }
  }

  private void applyRecordEvent(RecordEvent event) {
    RecordKey key = event.key();
    String type = event.resourceType();
    LiveRecord before = liveRecords.get(key);
    LiveRecord after =
        event.operation() == Operation.DELETE
            ? null
            : new LiveRecord(event.patientRef(), event.itemMask());
    liveRecords = after == null ? liveRecords.minus(key) : liveRecords.plus(key, after);

    if (before != null && after != null && before.patientRef().equals(after.patientRef())) {
      changeGroup(before.group(type), key.provider(), before.itemMask(), after.itemMask());
      return;
    }
    if (before != null) {
      changeGroup(before.group(type), key.provider(), before.itemMask(), ItemMask.EMPTY);
    }
    if (after != null) {
      changeGroup(after.group(type), key.provider(), ItemMask.EMPTY, after.itemMask());
    }
  }

  private void changeGroup(GroupKey groupKey, String provider, ItemMask removed, ItemMask added) {
    if (removed.isEmpty() && added.isEmpty()) {
      return;
    }
    Group before = groups.get(groupKey);
    if (before == null) {
      before = Group.empty(catalog.omega(groupKey.resourceType()));
    }
    Group.Change change = before.change(provider, removed, added);
    Group after = change.after();
    groups = after.isEmpty() ? groups.minus(groupKey) : groups.plus(groupKey, after);
    for (String k : change.affectedProviders()) {
      Rational delta = after.shareOf(k).minus(before.shareOf(k));
      if (delta.signum() != 0) {
        Rational total = recordSignificance.getOrDefault(k, Rational.ZERO).plus(delta);
        recordSignificance = total.signum() == 0 ? recordSignificance.minus(k) : recordSignificance.plus(k, total);
      }
    }
  }

  /** The exact significance of {@code provider}; zero for a provider the chain has never credited. */
  public Rational significanceOf(String provider) {
    Ids.require(provider, "provider");
    Rational records = recordSignificance.getOrDefault(provider, Rational.ZERO);
    long blocks = blocksProposed.getOrDefault(provider, 0L);
    return blocks == 0 ? records : records.plus(blockReward.times(Rational.of(blocks)));
  }

  /** The significance table as of now, immutable. */
  public SignificanceSnapshot snapshot() {
    Map<String, Rational> table = new HashMap<>();
    for (String provider : union(recordSignificance.keySet(), blocksProposed.keySet())) {
      Rational value = significanceOf(provider);
      if (value.signum() > 0) {
        table.put(provider, value);
      }
    }
    return SignificanceSnapshot.of(table);
  }

  /** The significance-state root of the block header: {@code snapshot().root()}. */
  public Hash root() {
    return snapshot().root();
  }

  public ItemCatalog catalog() {
    return catalog;
  }

  /** R, exactly. */
  public Rational blockReward() {
    return blockReward;
  }

  public int liveRecordCount() {
    return liveRecords.size();
  }

  /** Whether the record is live; lets the ledger explain a rejection to a submitter. */
  public boolean isLive(RecordKey key) {
    return liveRecords.containsKey(key);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
