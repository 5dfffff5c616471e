package org.carechain.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayTest {

  @Test
  void aSeedReplaysExactlyWhateverRanBefore() {
    SimResult first = Simulation.run(Scenario.random(77, 7));
    for (long other = 1; other <= 3; other++) {
      Simulation.run(Scenario.random(other, 4));
    }
    assertEquals(first, Simulation.run(Scenario.random(77, 7)));
  }

  /** One short schedule with real Ed25519 signatures: signing, authentication and certificates. */
  @Test
  void aScheduleWithEd25519SignaturesEndToEnd() {
    List<String> ids = List.of("v0", "v1", "v2", "v3");
    Scenario scenario = new Scenario(2024, 4, ids, Map.of("v3", Strategy.CHAOS), 2_000, 0.1, 0.1, 300, 40,
        List.of(new Scenario.Partition(500, 1_200, java.util.Set.of("v0", "v1"))), List.of(900L), 0, 2, true);
    SimResult result = Simulation.run(scenario);
    assertTrue(result.dropped() > 0, "the Byzantine validator's forgeries were dropped");
    assertTrue(result.crashes() > 0);
  }
}
