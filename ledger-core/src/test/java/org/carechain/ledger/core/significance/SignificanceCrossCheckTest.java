package org.carechain.ledger.core.significance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.carechain.crypto.Hash;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After random event sequences, the incremental engine must agree exactly with a from-scratch
 * recomputation by {@link ReferenceSignificance}: same accepted and rejected events, same exact
 * significance for every provider, same nano values, same root.
 */
class SignificanceCrossCheckTest {

  private static final long REWARD_NANO = 250_000_000L;
  private static final int EVENTS = 240;
  private static final int CHECK_EVERY = 20;
  private static final String[] TYPES = {
    Fixtures.OBSERVATION, Fixtures.CONDITION, Fixtures.IMMUNIZATION
  };

  /** How crowded the (patient, type) groups are. */
  private record Shape(int providers, int patients, int recordsPerProvider) {}

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 150);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void manySmallGroupsMatchTheReference(long seed) {
    run(seed, new Shape(5, 12, 10));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void fewCrowdedGroupsMatchTheReference(long seed) {
    run(seed, new Shape(9, 2, 6));
  }

  private static void run(long seed, Shape shape) {
    SplittableRandom random = new SplittableRandom(seed);
    ItemCatalog catalog = Fixtures.catalog();
    SignificanceState state = SignificanceState.genesis(catalog, REWARD_NANO);
    ReferenceSignificance reference = new ReferenceSignificance(catalog, REWARD_NANO);
    List<SignificanceEvent> history = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      SignificanceEvent event = randomEvent(random, shape, reference, catalog);
      history.add(event);
      String where = "seed " + seed + ", event " + i + " (" + event + ")";
      Hash rootBefore = state.root();
      boolean expectedAccepted = reference.accept(event);
      try {
        state.apply(event);
        assertTrue(expectedAccepted, where + ": the engine accepted what the reference rejects");
      } catch (RejectedEventException e) {
        assertTrue(!expectedAccepted, where + ": the engine rejected a valid event: " + e.getMessage());
        assertEquals(rootBefore, state.root(), where + ": a rejected event changed the state");
      }
      if (i % CHECK_EVERY == CHECK_EVERY - 1) {
        compare(where, state, reference);
      }
    }
    compare("seed " + seed + ", end", state, reference);
    assertEquals(reference.liveKeys().size(), state.liveRecordCount(), "seed " + seed);
  }

  private static void compare(String where, SignificanceState state, ReferenceSignificance reference) {
    Map<String, ReferenceSignificance.Fraction> expected = reference.significance();
    SignificanceSnapshot snapshot = state.snapshot();
    assertEquals(expected.keySet(), snapshot.nanoByProvider().keySet(), where + ": providers in the table");
    Map<String, Long> expectedNano = new TreeMap<>();
    expected.forEach((provider, value) -> {
      Rational actual = snapshot.exact(provider);
      if (!value.sameValueAs(actual)) {
        fail(where + ": s(" + provider + ") is " + actual + ", the formula gives " + value);
      }
      assertEquals(value.floorNano(), snapshot.nano(provider), where + ": nano of " + provider);
      expectedNano.put(provider, value.floorNano());
    });
    assertEquals(ReferenceSignificance.root(expectedNano), snapshot.root(), where + ": root");
  }

  private static SignificanceEvent randomEvent(
      SplittableRandom random, Shape shape, ReferenceSignificance reference, ItemCatalog catalog) {
    String provider = "provider-" + random.nextInt(shape.providers());
    String type = TYPES[random.nextInt(TYPES.length)];
    // Record names repeat across providers and types on purpose: the key must tell them apart.
    Hash record = Fixtures.ref("record-" + random.nextInt(shape.recordsPerProvider()));
    Hash patient = Fixtures.ref("patient-" + random.nextInt(shape.patients()));
    int roll = random.nextInt(100);
    if (roll < 10) {
      return new BlockReward(random.nextBoolean() ? provider : "validator-without-records");
    }
    if (roll < 14) {
      // Deliberately invalid: a bit beyond Ω, or a type outside the catalog.
      return random.nextBoolean()
          ? RecordEvent.create(provider, type, record, patient, ItemMask.of(catalog.omega(type)))
          : RecordEvent.create(provider, "Procedure", record, patient, ItemMask.of(0));
    }
    List<RecordKey> live = new ArrayList<>(reference.liveKeys());
    boolean pickLive = !live.isEmpty() && random.nextInt(10) < 9;
    RecordKey key =
        pickLive ? live.get(random.nextInt(live.size())) : new RecordKey(provider, type, record);
    ItemMask mask = randomMask(random, catalog.omega(key.resourceType()));
    if (roll < 50) {
      // A CREATE of a picked live record is an intended duplicate, rejected.
      Hash createPatient = pickLive && random.nextBoolean() ? reference.patientOf(key) : patient;
      if (random.nextInt(3) > 0) {
        key = new RecordKey(provider, type, record);
        mask = randomMask(random, catalog.omega(type));
      }
      return RecordEvent.create(key.provider(), key.resourceType(), key.recordRef(), createPatient, mask);
    }
    if (roll < 80) {
      Hash updatePatient =
          pickLive && random.nextInt(5) > 0 ? reference.patientOf(key) : patient;
      return RecordEvent.update(key.provider(), key.resourceType(), key.recordRef(), updatePatient, mask);
    }
    Hash deletePatient = null;
    int patientChoice = random.nextInt(4);
    if (pickLive && patientChoice == 1) {
      deletePatient = reference.patientOf(key);
    } else if (patientChoice == 2) {
      deletePatient = patient;
    }
    return new RecordEvent(
        key.provider(), key.resourceType(), key.recordRef(), deletePatient, Operation.DELETE,
        ItemMask.EMPTY);
  }

  private static ItemMask randomMask(SplittableRandom random, int omega) {
    BitSet bits = new BitSet();
    for (int item = 0; item < omega; item++) {
      if (random.nextInt(3) > 0) {
        bits.set(item);
      }
    }
    return ItemMask.fromBitSet(bits);
  }
}
