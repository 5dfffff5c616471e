package org.carechain.consensus;

import static org.carechain.consensus.CoreFixture.H;
import static org.carechain.consensus.CoreFixture.broadcasts;
import static org.carechain.consensus.CoreFixture.onlyVote;
import static org.carechain.consensus.CoreFixture.persisted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.carechain.consensus.testing.TestValue;
import org.junit.jupiter.api.Test;

/** A restarted validator rebuilt from its WAL never says something different from what it said. */
class RecoveryTest {

  private final CoreFixture fx = new CoreFixture();
  private final TestValue valueA = TestValue.honest(H, "v1", 0);
  private final TestValue valueB = TestValue.honest(H, "v2", 1);
  private final InMemoryWal<TestValue> wal = new InMemoryWal<>();

  @Test
  void aRestartAfterPrevotingResendsThatPrevoteAndNeverPrevotesAgainInTheRound() {
    ConsensusCore<TestValue> before = fx.core("v0");
    record(before.start(H));
    Vote prevote = onlyVote(record(before.onProposal(fx.proposal(H, 0, valueA, -1, "v1"))));

    ConsensusCore<TestValue> after = fx.core("v0");
    List<Action> actions = after.recover(H, wal.entries());
    assertEquals(List.of(new Action.Broadcast(prevote)), actions);
    assertEquals(Step.PREVOTE, after.step());
    assertEquals(List.of(), after.onTimeout(H, 0, Step.PROPOSE), "already prevoted in round 0");
  }

  @Test
  void aProposerRestartedAfterPersistingItsProposalResendsTheSameOneAndBuildsNoNewValue() {
    ConsensusCore<TestValue> before = fx.core("v1");
    List<Action> started = before.start(H);
    // Crash right after the proposal's Persist: only that entry reached the WAL.
    wal.append(persisted(started).get(0));

    CoreDependencies<TestValue> deps = fx.deps("v1");
    CoreDependencies<TestValue> noNewValues = new CoreDependencies<>(deps.validators(), deps.proposers(),
        deps.validator(), (h, r) -> { throw new AssertionError("must re-send, not build"); },
        deps.signer(), deps.authenticator());
    ConsensusCore<TestValue> after = new ConsensusCore<>(ConsensusConfig.of("v1", fx.payloads, CoreFixture.TIMEOUTS), noNewValues);
    List<Action> actions = after.recover(H, wal.entries());

    Proposal<TestValue> proposal = fx.proposal(H, 0, valueA, -1, "v1");
    assertEquals(List.of(proposal, fx.prevote(H, 0, valueA.id(), "v1")), broadcasts(actions));
  }

  @Test
  void theLockSurvivesARestart() {
    ConsensusCore<TestValue> before = fx.core("v0");
    record(before.start(H));
    record(before.onProposal(fx.proposal(H, 0, valueA, -1, "v1")));
    record(before.onVote(fx.prevote(H, 0, valueA.id(), "v1")));
    record(before.onVote(fx.prevote(H, 0, valueA.id(), "v2")));
    assertEquals(0, before.lockedRound());

    ConsensusCore<TestValue> after = fx.core("v0");
    after.recover(H, wal.entries());
    assertEquals(0, after.lockedRound());
    assertEquals(valueA, after.lockedValue());
    assertEquals(Step.PRECOMMIT, after.step());

    after.onTimeout(H, 0, Step.PRECOMMIT);
    assertEquals(fx.prevote(H, 1, null, "v0"), onlyVote(after.onProposal(fx.proposal(H, 1, valueB, -1, "v2"))));
  }

  @Test
  void aRestartedProposerCanStillJustifyReproposingItsValidValue() {
    // v0 locks on A in round 0 with prevotes from v0, v1, v2, then sits out rounds 1 and 2.
    ConsensusCore<TestValue> before = fx.core("v0");
    record(before.start(H));
    record(before.onProposal(fx.proposal(H, 0, valueA, -1, "v1")));
    record(before.onVote(fx.prevote(H, 0, valueA.id(), "v1")));
    record(before.onVote(fx.prevote(H, 0, valueA.id(), "v2")));
    for (int r = 0; r < 2; r++) {
      record(before.onTimeout(H, r, Step.PRECOMMIT));
      record(before.onTimeout(H, r + 1, Step.PROPOSE));
      record(before.onTimeout(H, r + 1, Step.PREVOTE));
    }
    assertEquals(2, before.round());

    // After a crash, the peers' round-0 prevotes exist only in the WAL entries' proof.
    ConsensusCore<TestValue> after = fx.core("v0");
    after.recover(H, wal.entries());
    List<Action> actions = after.onTimeout(H, 2, Step.PRECOMMIT);

    // Round 3 is v0's: it re-proposes A with validRound 0 and, holding the proof, prevotes it.
    assertEquals(List.of(fx.proposal(H, 3, valueA, 0, "v0"), fx.prevote(H, 3, valueA.id(), "v0")), broadcasts(actions));
  }

  @Test
  void entriesOfOtherHeightsAreIgnoredAndAnEmptyLogMeansAFreshStart() {
    ConsensusCore<TestValue> before = fx.core("v0");
    record(before.start(H));
    record(before.onTimeout(H, 0, Step.PROPOSE));

    ConsensusCore<TestValue> after = fx.core("v0");
    assertEquals(List.of(new Action.ScheduleTimeout(H + 1, 0, Step.PROPOSE, 1000)), after.recover(H + 1, wal.entries()));
  }

  @Test
  void recoveringTwiceOrAfterStartIsRefused() {
    ConsensusCore<TestValue> core = fx.core("v0");
    core.start(H);
    assertThrows(IllegalStateException.class, () -> core.recover(H, List.of()));
  }

  @Test
  void aWalWithTwoDifferentMessagesForOneSlotIsRefused() {
    Vote a = fx.prevote(H, 0, valueA.id(), "v0");
    Vote b = fx.prevote(H, 0, null, "v0");
    List<WalEntry<TestValue>> entries =
        List.of(WalEntry.withoutValidValue(a, null, -1), WalEntry.withoutValidValue(b, null, -1));
    assertThrows(IllegalStateException.class, () -> fx.core("v0").recover(H, entries));
  }

  @Test
  void theWalRoundTripsThroughItsByteEncodingDuringRecovery() {
    ConsensusCore<TestValue> before = fx.core("v1");
    record(before.start(H));
    record(before.onVote(fx.prevote(H, 0, valueA.id(), "v2")));
    record(before.onVote(fx.prevote(H, 0, valueA.id(), "v3")));
    List<WalEntry<TestValue>> decoded = new ArrayList<>();
    for (WalEntry<TestValue> entry : wal.entries()) {
      decoded.add(WalEntry.fromBytes(entry.toBytes(TestValue.CODEC), TestValue.CODEC));
    }
    assertEquals(wal.entries(), decoded);

    ConsensusCore<TestValue> after = fx.core("v1");
    after.recover(H, decoded);
    assertEquals(before.lockedRound(), after.lockedRound());
    assertEquals(before.step(), after.step());
    assertEquals(ownMessages(before), ownMessages(after));
  }

  private static List<ConsensusMessage> ownMessages(ConsensusCore<TestValue> core) {
    return core.gossip().stream().filter(m -> m.sender().equals("v1")).toList();
  }

  private List<Action> record(List<Action> actions) {
    persisted(actions).forEach(wal::append);
    return actions;
  }
}
