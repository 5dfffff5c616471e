package org.carechain.consensus;

import java.util.List;
import org.carechain.consensus.testing.FakeCrypto;
import org.carechain.consensus.testing.RoundRobin;
import org.carechain.consensus.testing.TestValue;
import org.carechain.crypto.Hash;

/**
 * Four validators v0..v3 (f = 1, quorum 3) with round-robin proposers: proposer(h, r) =
 * v[(h + r) mod 4], so at height 1 round 0 it is v1. Builds cores and correctly signed messages
 * from any validator, so a test can play the other three by hand.
 */
final class CoreFixture {

  static final List<String> IDS = List.of("v0", "v1", "v2", "v3");
  static final long H = 1;
  static final TimeoutSchedule TIMEOUTS = new TimeoutSchedule(1000, 500, 400, 200, 300, 100);

  final ValidatorSet validators = ValidatorSet.of(IDS);
  final RoundRobin proposers = new RoundRobin(IDS);
  final FakeCrypto crypto = new FakeCrypto(IDS);
  final SigningPayloads payloads = SigningPayloads.of("carechain-test", "ehr");

  ConsensusCore<TestValue> core(String self) {
    return new ConsensusCore<>(ConsensusConfig.of(self, payloads, TIMEOUTS), deps(self));
  }

  ConsensusCore<TestValue> core(ConsensusConfig config) {
    return new ConsensusCore<>(config, deps(config.self()));
  }

  CoreDependencies<TestValue> deps(String self) {
    return new CoreDependencies<>(
        validators,
        proposers,
        (value, height, round) -> value.isValidAt(height, round, proposers),
        (height, round) -> TestValue.honest(height, self, round),
        crypto.signerFor(self),
        crypto.authenticator());
  }

  Vote prevote(long height, int round, Hash id, String validator) {
    return vote(VoteType.PREVOTE, height, round, id, validator);
  }

  Vote precommit(long height, int round, Hash id, String validator) {
    return vote(VoteType.PRECOMMIT, height, round, id, validator);
  }

  Vote vote(VoteType type, long height, int round, Hash id, String validator) {
    Signature signature = crypto.signerFor(validator).sign(payloads.vote(height, round, type, id, validator));
    return new Vote(type, height, round, id, validator, signature);
  }

  Proposal<TestValue> proposal(long height, int round, TestValue value, int validRound, String proposer) {
    Signature signature =
        crypto.signerFor(proposer).sign(payloads.proposal(height, round, value.id(), validRound));
    return new Proposal<>(height, round, value.id(), value, validRound, proposer, signature);
  }

  /** The proposal the scheduled proposer of (height, round) would make with a fresh value. */
  Proposal<TestValue> honestProposal(long height, int round) {
    String proposer = proposers.proposer(height, round);
    return proposal(height, round, TestValue.honest(height, proposer, round), -1, proposer);
  }

  static List<ConsensusMessage> broadcasts(List<Action> actions) {
    return actions.stream()
        .filter(a -> a instanceof Action.Broadcast)
        .map(a -> ((Action.Broadcast) a).message())
        .toList();
  }

  static List<Action.ScheduleTimeout> timeouts(List<Action> actions) {
    return actions.stream()
        .filter(a -> a instanceof Action.ScheduleTimeout)
        .map(a -> (Action.ScheduleTimeout) a)
        .toList();
  }

  static List<Action.Dropped> dropped(List<Action> actions) {
    return actions.stream().filter(a -> a instanceof Action.Dropped).map(a -> (Action.Dropped) a).toList();
  }

  @SuppressWarnings("unchecked")
  static List<Action.Decide<TestValue>> decisions(List<Action> actions) {
    return actions.stream()
        .filter(a -> a instanceof Action.Decide)
        .map(a -> (Action.Decide<TestValue>) a)
        .toList();
  }

  @SuppressWarnings("unchecked")
  static List<WalEntry<TestValue>> persisted(List<Action> actions) {
    return actions.stream()
        .filter(a -> a instanceof Action.Persist)
        .map(a -> ((Action.Persist<TestValue>) a).entry())
        .toList();
  }

  /** The single vote broadcast among {@code actions}; fails otherwise. */
  static Vote onlyVote(List<Action> actions) {
    List<ConsensusMessage> sent = broadcasts(actions);
    if (sent.size() != 1 || !(sent.get(0) instanceof Vote vote)) {
      throw new AssertionError("expected exactly one vote broadcast, got " + actions);
    }
    return vote;
  }
}
