package org.carechain.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.RecordEvent.SecurityLabel;
import org.carechain.ledger.core.consent.AccessRequest;
import org.carechain.ledger.core.consent.ConsentDecision;
import org.carechain.ledger.core.consent.ConsentGrant;
import org.carechain.ledger.core.consent.ConsentPolicy;
import org.carechain.ledger.core.consent.RecordedGrant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The consent rules ({@link ConsentPolicy#decide}) with 100,000 grants on the chain: 25,000
 * patients with 4 grants each (provider and clinician actors, permits and denies, some revoked,
 * some expired), as the ledger node hands them over after its indexed lookup by patient. The
 * baseline is the lookup of the patient's grants in a hash map of all 100,000, the in-memory part
 * every decision has before the rules run. The database lookup a node makes instead is not in this
 * benchmark.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConsentBenchmark {

  static final int PATIENTS = 25_000;
  static final int GRANTS_PER_PATIENT = 4;
  static final long NOW = 1_790_000_000_000L;
  static final long DAY = 86_400_000L;

  private final Map<Hash, List<RecordedGrant>> grantsByPatient = new HashMap<>();
  private Hash[] patients;
  private SplittableRandom random;

  @Setup
  public void setUp() {
    random = new SplittableRandom(7);
    patients = new Hash[PATIENTS];
    List<String> types = List.of("Observation", "Condition", "MedicationRequest", "Encounter");
    int tx = 0;
    for (int p = 0; p < PATIENTS; p++) {
      Hash patient = Hash.sha256(("patient-" + p).getBytes());
      patients[p] = patient;
      List<RecordedGrant> grants = new ArrayList<>();
      for (int g = 0; g < GRANTS_PER_PATIENT; g++) {
        ConsentGrant.Actor actor = random.nextInt(3) == 0 ? ConsentGrant.Actor.clinician("ps-" + random.nextInt(1000))
            : ConsentGrant.Actor.provider("hospital" + (1 + random.nextInt(3)));
        long start = NOW - (1 + random.nextInt(30)) * DAY;
        ConsentGrant grant = new ConsentGrant(patient, "ps-patient-" + p,
            random.nextInt(5) == 0 ? ConsentGrant.Provision.DENY : ConsentGrant.Provision.PERMIT, actor,
            new TreeSet<>(random.nextBoolean() ? Set.of() : Set.of(types.get(random.nextInt(types.size())))),
            random.nextInt(4) == 0 ? Set.of(SecurityLabel.R) : Set.of(), new TreeSet<>(),
            start, start + (1 + random.nextInt(60)) * DAY, start);
        RecordedGrant recorded = RecordedGrant.active(Hash.sha256(("tx-" + tx++).getBytes()), 1 + random.nextInt(1000), grant);
        if (random.nextInt(10) == 0) {
          recorded = recorded.revoke(new RecordedGrant.Revoked(Hash.sha256(("rv-" + tx).getBytes()), 1001, NOW));
        }
        grants.add(recorded);
      }
      grantsByPatient.put(patient, List.copyOf(grants));
    }
    if (grantsByPatient.values().stream().mapToInt(List::size).sum() != PATIENTS * GRANTS_PER_PATIENT) {
      throw new IllegalStateException("not 100,000 grants");
    }
  }

  @Benchmark
  public ConsentDecision decide() {
    Hash patient = patients[random.nextInt(PATIENTS)];
    AccessRequest request = new AccessRequest(patient, "hospital" + (1 + random.nextInt(3)), "ps-" + random.nextInt(1000),
        "clinician", "Observation", SecurityLabel.N, "TREAT", false, NOW);
    return ConsentPolicy.decide(grantsByPatient.get(patient), 2000, request, null);
  }

  @Benchmark
  public List<RecordedGrant> baselineLookup() {
    return grantsByPatient.get(patients[random.nextInt(PATIENTS)]);
  }
}
