package org.carechain.consensus;

import static org.carechain.consensus.CoreFixture.H;
import static org.carechain.consensus.CoreFixture.broadcasts;
import static org.carechain.consensus.CoreFixture.decisions;
import static org.carechain.consensus.CoreFixture.onlyVote;
import static org.carechain.consensus.CoreFixture.timeouts;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.carechain.consensus.testing.TestValue;
import org.junit.jupiter.api.Test;

/**
 * One test per rule of Algorithm 1, on validator v0 of four (quorum 3, weak quorum 2), with the
 * other validators' messages built by hand and timers fired by hand. Proposers at height 1: v1 in
 * round 0, v2 in round 1, v3 in round 2, v0 in round 3.
 */
class ConsensusCoreRulesTest {

  private final CoreFixture fx = new CoreFixture();
  private final TestValue valueA = TestValue.honest(H, "v1", 0);
  private final TestValue valueB = TestValue.honest(H, "v2", 1);

  @Test
  void startRoundAsNonProposerOnlySchedulesTheProposeTimeout() {
    List<Action> actions = fx.core("v0").start(H);
    assertEquals(List.of(new Action.ScheduleTimeout(H, 0, Step.PROPOSE, 1000)), actions);
  }

  @Test
  void startRoundAsProposerPersistsAndBroadcastsTheProposalThenPrevotesIt() {
    List<Action> actions = fx.core("v1").start(H);

    Proposal<TestValue> proposal = fx.proposal(H, 0, valueA, -1, "v1");
    Vote prevote = fx.prevote(H, 0, valueA.id(), "v1");
    assertEquals(
        List.of(
            new Action.Persist<>(WalEntry.withoutValidValue(proposal, null, -1)),
            new Action.Broadcast(proposal),
            new Action.Persist<>(WalEntry.withoutValidValue(prevote, null, -1)),
            new Action.Broadcast(prevote)),
        actions);
  }

  @Test
  void rule1PrevotesAValidProposal() {
    ConsensusCore<TestValue> core = started("v0");
    List<Action> actions = core.onProposal(fx.proposal(H, 0, valueA, -1, "v1"));

    Vote prevote = fx.prevote(H, 0, valueA.id(), "v0");
    assertEquals(
        List.of(new Action.Persist<>(WalEntry.withoutValidValue(prevote, null, -1)), new Action.Broadcast(prevote)),
        actions);
    assertEquals(Step.PREVOTE, core.step());
  }

  @Test
  void rule1PrevotesNilForAnInvalidProposal() {
    ConsensusCore<TestValue> core = started("v0");
    TestValue malformed = new TestValue(H, "v1", 0, 7, false);
    assertEquals(fx.prevote(H, 0, null, "v0"), onlyVote(core.onProposal(fx.proposal(H, 0, malformed, -1, "v1"))));
  }

  @Test
  void rule1PrevotesNilWhenLockedOnAnotherValueAndForTheLockedValueItself() {
    ConsensusCore<TestValue> core = lockedOnAInRound0();
    core.onTimeout(H, 0, Step.PRECOMMIT);
    assertEquals(1, core.round());

    assertEquals(fx.prevote(H, 1, null, "v0"), onlyVote(core.onProposal(fx.proposal(H, 1, valueB, -1, "v2"))));

    ConsensusCore<TestValue> again = lockedOnAInRound0();
    again.onTimeout(H, 0, Step.PRECOMMIT);
    assertEquals(
        fx.prevote(H, 1, valueA.id(), "v0"), onlyVote(again.onProposal(fx.proposal(H, 1, valueA, -1, "v2"))));
  }

  @Test
  void rule2PrevotesAReproposalBackedBy2fPlus1PrevotesFromAtOrAboveTheLockRound() {
    ConsensusCore<TestValue> core = lockedOnAInRound0();
    core.onTimeout(H, 0, Step.PRECOMMIT);
    core.onTimeout(H, 1, Step.PROPOSE); // prevote nil in round 1
    core.onTimeout(H, 1, Step.PREVOTE); // precommit nil in round 1
    core.onTimeout(H, 1, Step.PRECOMMIT);
    assertEquals(2, core.round());

    // v3 re-proposes B with validRound 1; the proof arrives after the proposal.
    assertEquals(List.of(), core.onProposal(fx.proposal(H, 2, valueB, 1, "v3")));
    core.onVote(fx.prevote(H, 1, valueB.id(), "v1"));
    core.onVote(fx.prevote(H, 1, valueB.id(), "v2"));
    List<Action> actions = core.onVote(fx.prevote(H, 1, valueB.id(), "v3"));

    assertEquals(fx.prevote(H, 2, valueB.id(), "v0"), onlyVote(actions));
    assertEquals(0, core.lockedRound(), "rule 2 does not move the lock");
  }

  @Test
  void rule2PrevotesNilWhenTheProofIsOlderThanTheLock() {
    ConsensusCore<TestValue> core = started("v0");
    // Round 0: prevotes for B exist, but v0 never locks on them (it saw no proposal).
    core.onVote(fx.prevote(H, 0, valueB.id(), "v1"));
    core.onVote(fx.prevote(H, 0, valueB.id(), "v2"));
    core.onVote(fx.prevote(H, 0, valueB.id(), "v3"));
    core.onTimeout(H, 0, Step.PROPOSE);
    core.onTimeout(H, 0, Step.PREVOTE);
    core.onTimeout(H, 0, Step.PRECOMMIT);
    // Round 1: v0 locks on A (re-proposed by v2 with no valid round).
    core.onProposal(fx.proposal(H, 1, valueA, -1, "v2"));
    core.onVote(fx.prevote(H, 1, valueA.id(), "v1"));
    core.onVote(fx.prevote(H, 1, valueA.id(), "v2"));
    assertEquals(1, core.lockedRound());
    core.onTimeout(H, 1, Step.PRECOMMIT);

    // Round 2: B with proof from round 0 < lockedRound 1.
    assertEquals(fx.prevote(H, 2, null, "v0"), onlyVote(core.onProposal(fx.proposal(H, 2, valueB, 0, "v3"))));
  }

  @Test
  void rule3SchedulesThePrevoteTimeoutOnceOn2fPlus1PrevotesOfAnyKind() {
    ConsensusCore<TestValue> core = started("v0");
    core.onProposal(fx.proposal(H, 0, valueA, -1, "v1"));
    assertEquals(List.of(), core.onVote(fx.prevote(H, 0, null, "v2")));

    List<Action> actions = core.onVote(fx.prevote(H, 0, valueB.id(), "v3"));
    assertEquals(List.of(new Action.ScheduleTimeout(H, 0, Step.PREVOTE, 400)), actions);

    core.onTimeout(H, 0, Step.PREVOTE);
    assertEquals(Step.PRECOMMIT, core.step());
  }

  @Test
  void rule4LocksAndPrecommitsOn2fPlus1PrevotesForTheProposal() {
    ConsensusCore<TestValue> core = started("v0");
    core.onProposal(fx.proposal(H, 0, valueA, -1, "v1"));
    core.onVote(fx.prevote(H, 0, valueA.id(), "v1"));
    List<Action> actions = core.onVote(fx.prevote(H, 0, valueA.id(), "v2"));

    Vote precommit = fx.precommit(H, 0, valueA.id(), "v0");
    assertEquals(
        List.of(
            new Action.ScheduleTimeout(H, 0, Step.PREVOTE, 400),
            new Action.Persist<>(new WalEntry<>(precommit, valueA, 0, valueA, 0, List.of(
                fx.prevote(H, 0, valueA.id(), "v0"), fx.prevote(H, 0, valueA.id(), "v1"),
                fx.prevote(H, 0, valueA.id(), "v2")))),
            new Action.Broadcast(precommit)),
        actions);
    assertEquals(0, core.lockedRound());
    assertEquals(valueA, core.lockedValue());
    assertEquals(Step.PRECOMMIT, core.step());
  }

  @Test
  void rule4AfterPrecommittingNilOnlyUpdatesTheValidValue() {
    ConsensusCore<TestValue> core = started("v0");
    core.onTimeout(H, 0, Step.PROPOSE);
    core.onVote(fx.prevote(H, 0, valueA.id(), "v1"));
    core.onVote(fx.prevote(H, 0, valueA.id(), "v2"));
    core.onTimeout(H, 0, Step.PREVOTE);
    core.onVote(fx.prevote(H, 0, valueA.id(), "v3"));
    assertEquals(Step.PRECOMMIT, core.step());

    List<Action> actions = core.onProposal(fx.proposal(H, 0, valueA, -1, "v1"));
    assertEquals(List.of(), actions);
    assertEquals(-1, core.lockedRound());
    assertEquals(0, core.validRound());
    assertEquals(valueA, core.validValue());
  }

  @Test
  void rule5PrecommitsNilOn2fPlus1NilPrevotes() {
    ConsensusCore<TestValue> core = started("v0");
    core.onTimeout(H, 0, Step.PROPOSE);
    core.onVote(fx.prevote(H, 0, null, "v1"));
    List<Action> actions = core.onVote(fx.prevote(H, 0, null, "v2"));

    assertEquals(fx.precommit(H, 0, null, "v0"), onlyVote(actions));
    assertEquals(Step.PRECOMMIT, core.step());
    assertEquals(-1, core.lockedRound());
  }

  @Test
  void rule6SchedulesThePrecommitTimeoutOnceOn2fPlus1PrecommitsOfAnyKind() {
    ConsensusCore<TestValue> core = started("v0");
    core.onVote(fx.precommit(H, 0, null, "v1"));
    core.onVote(fx.precommit(H, 0, valueA.id(), "v2"));
    List<Action> actions = core.onVote(fx.precommit(H, 0, valueB.id(), "v3"));
    assertEquals(List.of(new Action.ScheduleTimeout(H, 0, Step.PRECOMMIT, 300)), actions);
    assertEquals(List.of(), core.onVote(fx.precommit(H, 0, valueA.id(), "v2")), "a repeat changes nothing");
  }

  @Test
  void rule7DecidesOn2fPlus1PrecommitsWithACertificateThatVerifies() throws Exception {
    ConsensusCore<TestValue> core = started("v0");
    core.onProposal(fx.proposal(H, 0, valueA, -1, "v1"));
    core.onVote(fx.precommit(H, 0, valueA.id(), "v1"));
    core.onVote(fx.precommit(H, 0, valueA.id(), "v2"));
    List<Action> actions = core.onVote(fx.precommit(H, 0, valueA.id(), "v3"));

    Action.Decide<TestValue> decide = decisions(actions).get(0);
    assertEquals(H, decide.height());
    assertEquals(0, decide.round());
    assertEquals(valueA, decide.value());
    assertEquals(List.of("v1", "v2", "v3"),
        decide.certificate().signatures().stream().map(CommitSignature::validator).toList());
    CommitCertificate.verify(fx.validators, fx.payloads, fx.crypto.authenticator(), H, valueA.id(), decide.certificate());
    assertTrue(core.isDecided());
    assertEquals(List.of(), core.onTimeout(H, 0, Step.PRECOMMIT), "a decided height ignores its timers");
  }

  @Test
  void rule7DecidesForAnEarlierRoundOnceItsProposalArrives() {
    ConsensusCore<TestValue> core = started("v0");
    core.onTimeout(H, 0, Step.PROPOSE);
    core.onVote(fx.prevote(H, 0, null, "v1"));
    core.onVote(fx.prevote(H, 0, null, "v2"));
    core.onTimeout(H, 0, Step.PRECOMMIT);
    core.onTimeout(H, 1, Step.PROPOSE);
    assertEquals(1, core.round());

    core.onVote(fx.precommit(H, 0, valueA.id(), "v1"));
    core.onVote(fx.precommit(H, 0, valueA.id(), "v2"));
    core.onVote(fx.precommit(H, 0, valueA.id(), "v3"));
    assertTrue(!core.isDecided(), "no decision without the proposal");

    List<Action> actions = core.onProposal(fx.proposal(H, 0, valueA, -1, "v1"));
    Action.Decide<TestValue> decide = decisions(actions).get(0);
    assertEquals(0, decide.round());
    assertEquals(valueA, decide.value());
  }

  @Test
  void rule8SkipsToAHigherRoundOnFPlus1Messages() {
    ConsensusCore<TestValue> core = started("v0");
    assertEquals(List.of(), core.onVote(fx.prevote(H, 3, null, "v1")), "one validator is not enough");

    List<Action> actions = core.onVote(fx.precommit(H, 3, null, "v2"));
    assertEquals(3, core.round());
    // v0 proposes round 3, and prevotes its own proposal.
    Proposal<TestValue> proposal = fx.proposal(H, 3, TestValue.honest(H, "v0", 3), -1, "v0");
    assertEquals(List.of(proposal, fx.prevote(H, 3, proposal.blockId(), "v0")), broadcasts(actions));
  }

  @Test
  void timeoutsActOnlyAtTheirOwnHeightRoundAndStep() {
    ConsensusCore<TestValue> core = started("v0");
    assertEquals(List.of(), core.onTimeout(H, 0, Step.PREVOTE));
    assertEquals(List.of(), core.onTimeout(H, 1, Step.PROPOSE));
    assertEquals(List.of(), core.onTimeout(H + 1, 0, Step.PROPOSE));

    assertEquals(fx.prevote(H, 0, null, "v0"), onlyVote(core.onTimeout(H, 0, Step.PROPOSE)));
    assertEquals(List.of(), core.onTimeout(H, 0, Step.PROPOSE), "the step has moved on");
    assertEquals(fx.precommit(H, 0, null, "v0"), onlyVote(core.onTimeout(H, 0, Step.PREVOTE)));

    List<Action> actions = core.onTimeout(H, 0, Step.PRECOMMIT);
    assertEquals(List.of(new Action.ScheduleTimeout(H, 1, Step.PROPOSE, 1500)), actions);
    assertEquals(1, core.round());
  }

  @Test
  void timeoutsGrowLinearlyWithTheRound() {
    TimeoutSchedule timeouts = CoreFixture.TIMEOUTS;
    assertEquals(List.of(1000L, 1500L, 2000L, 3500L),
        List.of(0, 1, 2, 5).stream().map(r -> timeouts.delayMillis(Step.PROPOSE, r)).toList());
    assertEquals(400 + 7 * 200, timeouts.delayMillis(Step.PREVOTE, 7));
    assertEquals(300 + 7 * 100, timeouts.delayMillis(Step.PRECOMMIT, 7));
    assertEquals(Long.MAX_VALUE, TimeoutSchedule.uniform(1, Long.MAX_VALUE / 2).delayMillis(Step.PROPOSE, 3));
  }

  @Test
  void aProposerReproposesItsValidValueWithItsValidRound() {
    ConsensusCore<TestValue> core = started("v0");
    // Round 0: v0 sees the proposal and 2f+1 prevotes for A, after precommitting nil.
    core.onTimeout(H, 0, Step.PROPOSE);
    core.onTimeout(H, 0, Step.PREVOTE);
    core.onProposal(fx.proposal(H, 0, valueA, -1, "v1"));
    core.onVote(fx.prevote(H, 0, valueA.id(), "v1"));
    core.onVote(fx.prevote(H, 0, valueA.id(), "v2"));
    core.onVote(fx.prevote(H, 0, valueA.id(), "v3"));
    assertEquals(0, core.validRound());
    // Rounds 1 and 2 pass; v0 proposes round 3.
    for (int r = 0; r < 3; r++) {
      core.onTimeout(H, r, Step.PRECOMMIT);
    }
    assertEquals(3, core.round());
    List<ConsensusMessage> sent = broadcasts(core.onTimeout(H, 2, Step.PRECOMMIT));
    assertEquals(List.of(), sent, "stale");
    ConsensusMessage proposal = core.gossip().stream().filter(m -> m instanceof Proposal<?>).findFirst().orElseThrow();
    assertEquals(fx.proposal(H, 3, valueA, 0, "v0"), proposal);
  }

  @Test
  void decidingWaitsForStartOfTheNextHeightAndBuffersItsMessages() {
    ConsensusCore<TestValue> core = started("v0");
    core.onProposal(fx.proposal(H, 0, valueA, -1, "v1"));
    for (String v : List.of("v1", "v2", "v3")) {
      core.onVote(fx.precommit(H, 0, valueA.id(), v));
    }
    assertTrue(core.isDecided());
    Proposal<TestValue> next = fx.honestProposal(H + 1, 0);
    assertEquals(List.of(), core.onProposal(next), "held until height 2 starts");

    List<Action> actions = core.start(H + 1);
    assertEquals(fx.prevote(H + 1, 0, next.blockId(), "v0"), onlyVote(actions));
    assertEquals(List.of(new Action.ScheduleTimeout(H + 1, 0, Step.PROPOSE, 1000)), timeouts(actions));
    assertNull(core.lockedValue());
    assertDoesNotThrow(core::gossip);
  }

  private ConsensusCore<TestValue> started(String self) {
    ConsensusCore<TestValue> core = fx.core(self);
    core.start(H);
    return core;
  }

  /** v0 locked on A in round 0 and precommitted it. */
  private ConsensusCore<TestValue> lockedOnAInRound0() {
    ConsensusCore<TestValue> core = started("v0");
    core.onProposal(fx.proposal(H, 0, valueA, -1, "v1"));
    core.onVote(fx.prevote(H, 0, valueA.id(), "v1"));
    core.onVote(fx.prevote(H, 0, valueA.id(), "v2"));
    assertEquals(0, core.lockedRound());
    return core;
  }
}
