package org.carechain.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.carechain.consensus.testing.TestValue;
import org.junit.jupiter.api.Test;

/** Whole-network scenarios on four in-process validators with hand-fired timers. */
class LocalNetworkTest {

  @Test
  void fourValidatorsDecideFiveHeightsWithOneProposalAndEightVotesEach() {
    LocalNetwork network = new LocalNetwork(5);
    network.startAll(1);
    network.deliverAll();

    for (String id : CoreFixture.IDS) {
      List<Action.Decide<TestValue>> decided = network.decisions.get(id);
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L), decided.stream().map(Action.Decide::height).toList(), id);
      for (Action.Decide<TestValue> decide : decided) {
        assertEquals(0, decide.round());
        assertEquals(network.fx.proposers.proposer(decide.height(), 0), decide.value().proposer());
      }
    }
    for (long h = 1; h <= 5; h++) {
      long height = h;
      List<ConsensusMessage> ofHeight = network.sent.stream().filter(m -> m.height() == height).toList();
      assertEquals(1, ofHeight.stream().filter(m -> m instanceof Proposal<?>).count());
      assertEquals(8, ofHeight.stream().filter(m -> m instanceof Vote vote && !vote.isNil()).count());
      assertEquals(9, ofHeight.size());
    }
    assertEquals(List.of(), network.firedTimers);
  }

  @Test
  void aSilentProposerCostsExactlyOneRound() {
    LocalNetwork network = new LocalNetwork(1);
    network.down.add("v1"); // proposer of (1, 0)
    network.startAll(1);
    network.deliverAll();
    assertEquals(List.of(new Action.ScheduleTimeout(1, 0, Step.PROPOSE, 1000)), network.pendingTimers("v0"));

    network.fire(Step.PROPOSE);
    network.deliverAll(); // three nil prevotes: rule 5 precommits nil, rule 3 arms the prevote timer
    network.deliverAll(); // three nil precommits: rule 6 arms the precommit timer
    assertEquals(6, network.sent.stream().filter(m -> m instanceof Vote vote && vote.isNil()).count());
    assertTrue(network.pendingTimers("v0").contains(new Action.ScheduleTimeout(1, 0, Step.PRECOMMIT, 300)));

    network.fire(Step.PRECOMMIT); // round 1, proposer v2
    network.deliverAll();
    for (String id : List.of("v0", "v2", "v3")) {
      Action.Decide<TestValue> decide = network.decisions.get(id).get(0);
      assertEquals(1, decide.round());
      assertEquals("v2", decide.value().proposer());
    }
  }

  @Test
  void aValidatorThatMissedAHeightCatchesUpFromACertificate() throws InvalidCertificateException {
    LocalNetwork network = new LocalNetwork(2);
    network.down.add("v3");
    network.startAll(1);
    network.deliverAll();
    Action.Decide<TestValue> decided = network.decisions.get("v0").get(0);

    network.down.remove("v3");
    ConsensusCore<TestValue> late = network.cores.get("v3");
    late.start(1);
    List<Action> actions = late.onCommit(decided.value(), decided.certificate());
    assertEquals(List.of(decided), actions);
    assertTrue(late.isDecided());
    network.handle("v3", late.start(2));
    assertEquals(2, late.height());
  }
}
