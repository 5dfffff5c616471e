package org.carechain.consensus;

import static org.carechain.consensus.CoreFixture.H;
import static org.carechain.consensus.CoreFixture.dropped;
import static org.carechain.consensus.CoreFixture.onlyVote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.carechain.consensus.testing.TestValue;
import org.junit.jupiter.api.Test;

/**
 * What the core does with bad, duplicate, conflicting and far-away messages: each is dropped
 * with a reason or ignored, and none changes the state.
 */
class MessageAdmissionTest {

  private final CoreFixture fx = new CoreFixture();
  private final TestValue valueA = TestValue.honest(H, "v1", 0);
  private final TestValue valueB = new TestValue(H, "v1", 0, 1, true);

  @Test
  void aBadSignatureIsDroppedWithItsReason() {
    ConsensusCore<TestValue> core = started();
    Vote good = fx.prevote(H, 0, valueA.id(), "v2");
    Vote forged = new Vote(good.type(), H, 0, valueA.id(), "v2", fx.crypto.signerFor("v3").sign(fx.payloads.of(good)));

    assertEquals(List.of(new Action.Dropped(forged, "signature does not verify")), core.onVote(forged));
    assertEquals(List.of(), core.onVote(good), "the real vote still counts");
  }

  @Test
  void aStrangerIsDropped() {
    Vote vote = fx.prevote(H, 0, null, "v0");
    Vote stranger = new Vote(VoteType.PREVOTE, H, 0, null, "mallory", vote.signature());
    assertEquals(List.of(new Action.Dropped(stranger, "mallory is not a validator")), started().onVote(stranger));
  }

  @Test
  void aProposalFromTheWrongProposerIsDropped() {
    ConsensusCore<TestValue> core = started();
    Proposal<TestValue> proposal = fx.proposal(H, 0, TestValue.honest(H, "v2", 0), -1, "v2");
    List<Action> actions = core.onProposal(proposal);
    assertEquals("v2 is not the proposer of (1, 0), v1 is", dropped(actions).get(0).reason());
    assertEquals(Step.PROPOSE, core.step());
  }

  @Test
  void aProposalWhoseBlockIdIsNotItsValuesIdIsDropped() {
    Proposal<TestValue> honest = fx.proposal(H, 0, valueA, -1, "v1");
    Proposal<TestValue> swapped =
        new Proposal<>(H, 0, honest.blockId(), valueB, -1, "v1", honest.signature());
    assertEquals("block id does not match the proposed value", dropped(started().onProposal(swapped)).get(0).reason());
  }

  @Test
  void aValidRoundNotBelowTheRoundIsDropped() {
    Proposal<TestValue> proposal = fx.proposal(H, 0, valueA, 0, "v1");
    assertEquals("validRound 0 is not below round 0", dropped(started().onProposal(proposal)).get(0).reason());
  }

  @Test
  void duplicatesAndOurOwnEchoesAreIgnoredSilently() {
    ConsensusCore<TestValue> core = started();
    Vote vote = fx.prevote(H, 0, null, "v2");
    core.onVote(vote);
    assertEquals(List.of(), core.onVote(vote));
    assertEquals(List.of(), core.onVote(fx.prevote(H, 0, valueB.id(), "v0")), "v0 is us");
    assertEquals(List.of(), core.onVote(fx.prevote(H - 1, 0, null, "v2")), "a past height");
  }

  @Test
  void twoDifferentVotesForOneSlotAreEvidenceAndTheSecondDoesNotCount() {
    ConsensusCore<TestValue> core = started();
    core.onTimeout(H, 0, Step.PROPOSE); // v0 prevotes nil
    Vote first = fx.prevote(H, 0, valueA.id(), "v2");
    Vote second = fx.prevote(H, 0, null, "v2");
    core.onVote(first);

    List<Action> actions = core.onVote(second);
    assertEquals(1, dropped(actions).size());
    assertTrue(dropped(actions).get(0).reason().startsWith("equivocation"));
    assertEquals(List.of(new Evidence(MessageKind.PREVOTE, "v2", H, 0, first, second)), core.evidence());
    assertEquals(List.of(), core.onVote(second), "evidence is recorded once per slot");

    // Three have prevoted, but only v0 and v3 for nil: v2's second vote is not a third nil vote.
    assertEquals(List.of(new Action.ScheduleTimeout(H, 0, Step.PREVOTE, 400)),
        core.onVote(fx.prevote(H, 0, null, "v3")));
    assertEquals(1, core.drainEvidence().size());
    assertEquals(List.of(), core.evidence());
  }

  @Test
  void twoDifferentProposalsForOneSlotAreEvidenceAndTheFirstStands() {
    ConsensusCore<TestValue> core = started();
    Proposal<TestValue> first = fx.proposal(H, 0, valueA, -1, "v1");
    Proposal<TestValue> second = fx.proposal(H, 0, valueB, -1, "v1");
    assertEquals(fx.prevote(H, 0, valueA.id(), "v0"), onlyVote(core.onProposal(first)));

    List<Action> actions = core.onProposal(second);
    assertEquals(1, dropped(actions).size());
    assertEquals(MessageKind.PROPOSAL, core.evidence().get(0).kind());
  }

  @Test
  void anEquivocatorsSecondVoteStillCountsForAProposedBlockOnly() {
    // v3 shows v0 a nil prevote, and others a prevote for A; relayed to v0, the A prevote proves
    // 2f+1 for A, which v0 needs for rule 2 in a later round.
    ConsensusCore<TestValue> core = started();
    core.onProposal(fx.proposal(H, 0, valueA, -1, "v1"));
    core.onVote(fx.prevote(H, 0, null, "v3"));
    core.onVote(fx.prevote(H, 0, valueA.id(), "v3"));
    List<Action> actions = core.onVote(fx.prevote(H, 0, valueA.id(), "v2"));

    // v0 (A), v2 (A) and v3 (A, second vote) make 2f+1 for A: v0 locks.
    assertEquals(fx.precommit(H, 0, valueA.id(), "v0"), onlyVote(actions));
    assertEquals(0, core.lockedRound());
  }

  @Test
  void messagesOfTheNextHeightAreHeldAndLaterOnesDropped() {
    ConsensusCore<TestValue> core = started();
    Vote next = fx.prevote(H + 1, 0, null, "v2");
    assertEquals(List.of(), core.onVote(next));
    Vote later = fx.prevote(H + 2, 0, null, "v2");
    assertTrue(dropped(core.onVote(later)).get(0).reason().contains("must catch up"));
    Vote forgedNext = new Vote(VoteType.PREVOTE, H + 1, 0, null, "v3", next.signature());
    assertEquals("signature does not verify", dropped(core.onVote(forgedNext)).get(0).reason());
  }

  @Test
  void theNextHeightBufferIsBoundedPerSender() {
    ConsensusCore<TestValue> core = fx.core(new ConsensusConfig("v0", fx.payloads, CoreFixture.TIMEOUTS, 2, 3, 10));
    core.start(H);
    for (int r = 0; r < 3; r++) {
      assertEquals(List.of(), core.onVote(fx.prevote(H + 1, r, null, "v2")));
    }
    List<Action> actions = core.onVote(fx.prevote(H + 1, 3, null, "v2"));
    assertEquals("next-height buffer full for v2", dropped(actions).get(0).reason());
    assertEquals(List.of(), core.onVote(fx.prevote(H + 1, 0, null, "v3")), "others have their own quota");
  }

  @Test
  void eachValidatorMayFillOnlyAFewRoundsAboveOurs() {
    ConsensusCore<TestValue> core = started();
    assertEquals(List.of(), core.onVote(fx.prevote(H, 1000, null, "v3")));
    assertEquals(List.of(), core.onVote(fx.precommit(H, 1000, null, "v3")), "same round, no new slot");
    assertEquals(List.of(), core.onVote(fx.prevote(H, 2000, null, "v3")));
    List<Action> actions = core.onVote(fx.prevote(H, 3000, null, "v3"));
    assertEquals("already holding 2 future rounds from v3", dropped(actions).get(0).reason());
    assertEquals(0, core.round(), "one validator cannot move us");
  }

  private ConsensusCore<TestValue> started() {
    ConsensusCore<TestValue> core = fx.core("v0");
    core.start(H);
    return core;
  }
}
