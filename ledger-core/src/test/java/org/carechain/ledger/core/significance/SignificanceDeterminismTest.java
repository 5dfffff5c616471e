package org.carechain.ledger.core.significance;

import static org.carechain.ledger.core.significance.Fixtures.OBSERVATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.carechain.crypto.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same history gives the same state and root, however it was held in memory. */
class SignificanceDeterminismTest {

  // "Aa", "BB" and "C#" share a String hash code, so they land in one hash bucket in an order
  // that depends on insertion.
  private static final String[] PROVIDERS = {"Aa", "BB", "C#", "clinic-7", "lab-2"};
  private static final String[] TYPES = {"Observation", "Condition", "Immunization"};

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 60);
  }

  /** Creates of distinct records and rewards commute, so any order must give the same state. */
  private static List<SignificanceEvent> commutingEvents(SplittableRandom random) {
    ItemCatalog catalog = Fixtures.catalog();
    List<SignificanceEvent> events = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      String type = TYPES[random.nextInt(TYPES.length)];
      int[] items = random.ints(random.nextInt(4), 0, catalog.omega(type)).toArray();
      events.add(
          Fixtures.create(
              PROVIDERS[random.nextInt(PROVIDERS.length)], type, "record-" + i,
              "patient-" + random.nextInt(3), items));
      if (i % 7 == 0) {
        events.add(new BlockReward(PROVIDERS[random.nextInt(PROVIDERS.length)]));
      }
    }
    return events;
  }

  private static SignificanceState replay(List<SignificanceEvent> events) throws RejectedEventException {
    SignificanceState state = SignificanceState.genesis(Fixtures.catalog(), 100_000_000L);
    for (SignificanceEvent event : events) {
      state.apply(event);
    }
    return state;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void orderOfCommutingEventsDoesNotMatter(long seed) throws Exception {
    List<SignificanceEvent> events = commutingEvents(new SplittableRandom(seed));
    SignificanceSnapshot inOrder = replay(events).snapshot();
    List<SignificanceEvent> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, new Random(seed));
    SignificanceSnapshot reordered = replay(shuffled).snapshot();
    assertEquals(inOrder, reordered, "seed " + seed);
    assertEquals(inOrder.root(), reordered.root(), "seed " + seed);
  }

  @Test
  void twoNodesReplayingTheSameHistoryAgreeAfterEveryEvent() throws Exception {
    List<SignificanceEvent> events = commutingEvents(new SplittableRandom(42));
    SignificanceState first = SignificanceState.genesis(Fixtures.catalog(), 100_000_000L);
    SignificanceState second = SignificanceState.genesis(Fixtures.catalog(), 100_000_000L);
    for (SignificanceEvent event : events) {
      first.apply(event);
      second.apply(event);
      assertEquals(first.root(), second.root(), event.toString());
    }
  }

  @Test
  void aCopyIsIndependentOfItsOrigin() throws Exception {
    List<SignificanceEvent> history = commutingEvents(new SplittableRandom(7));
    RecordEvent first = (RecordEvent) history.get(0);
    SignificanceState committed = replay(history);
    SignificanceSnapshot before = committed.snapshot();
    Hash rootBefore = committed.root();

    SignificanceState proposal = committed.copy();
    assertEquals(rootBefore, proposal.root());
    proposal.apply(Fixtures.create("Aa", OBSERVATION, "new-record", "patient-0", 0, 1, 2, 3));
    proposal.apply(RecordEvent.delete(first.provider(), first.resourceType(), first.recordRef()));
    assertNotEquals(rootBefore, proposal.root());

    assertEquals(rootBefore, committed.root());
    assertEquals(before, committed.snapshot());
  }

  @Test
  void withBlockEqualsApplyingOneByOneAndLeavesTheOriginAlone() throws Exception {
    List<SignificanceEvent> events = commutingEvents(new SplittableRandom(11));
    SignificanceState genesis = SignificanceState.genesis(Fixtures.catalog(), 100_000_000L);
    SignificanceState afterBlock = genesis.withBlock(events);
    assertEquals(replay(events).snapshot(), afterBlock.snapshot());
    assertEquals(SignificanceSnapshot.empty(), genesis.snapshot());
  }

  @Test
  void aSnapshotDoesNotMoveWithTheState() throws Exception {
    SignificanceState state = SignificanceState.genesis(Fixtures.catalog(), 0);
    state.apply(Fixtures.create("a", OBSERVATION, "r1", "p", 0));
    SignificanceSnapshot atHeightOne = state.snapshot();
    state.apply(Fixtures.create("b", OBSERVATION, "r2", "p", 0));
    assertEquals(Rational.of(1, 4), atHeightOne.exact("a"));
    assertEquals(Rational.of(1, 8), state.snapshot().exact("a"));
  }

  @Test
  void snapshotsRoundTripThroughStoredText() throws Exception {
    SignificanceSnapshot snapshot = replay(commutingEvents(new SplittableRandom(3))).snapshot();
    Map<String, Rational> stored = new HashMap<>();
    snapshot.rows().forEach(row -> stored.put(row.provider(), Rational.parse(row.exact().toString())));
    SignificanceSnapshot restored = SignificanceSnapshot.of(stored);
    assertEquals(snapshot, restored);
    assertEquals(snapshot.root(), restored.root());
  }
}
