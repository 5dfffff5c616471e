package org.carechain.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.carechain.consensus.Action;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.MessageSigner;
import org.carechain.consensus.SigningPayloads;
import org.carechain.consensus.ValidatorSet;
import org.carechain.consensus.Vote;
import org.carechain.consensus.VoteType;
import org.carechain.consensus.testing.RoundRobin;
import org.carechain.consensus.testing.TestValue;
import org.carechain.crypto.Hash;
import org.junit.jupiter.api.Test;

/** The checker itself: fed a violation, it must fail. */
class InvariantsTest {

  private final List<String> ids = List.of("v0", "v1", "v2", "v3");
  private final Scenario scenario = new Scenario(1, 4, ids, Map.of(), 0, 0, 0, 10, 10, List.of(), List.of(), 0, 1, false);
  private final RoundRobin proposers = new RoundRobin(ids);
  private final SigningPayloads payloads = SigningPayloads.of("t", "ehr");
  private final SimCrypto crypto = SimCrypto.fake(ids);
  private final Invariants invariants =
      new Invariants(scenario, ValidatorSet.of(ids), proposers, payloads, crypto.authenticator());

  @Test
  void twoDecisionsAtOneHeightBreakAgreement() {
    TestValue a = TestValue.honest(1, "v1", 0);
    TestValue b = TestValue.honest(1, "v2", 1);
    invariants.decided("v0", decide(a, 0));
    AssertionError error = assertThrows(AssertionError.class, () -> invariants.decided("v1", decide(b, 1)));
    assertTrue(error.getMessage().startsWith("agreement"));
  }

  @Test
  void prevotingAgainstTheLockWithoutAProofBreaksLockSafety() {
    Hash a = TestValue.honest(1, "v1", 0).id();
    Hash b = TestValue.honest(1, "v2", 1).id();
    invariants.persisted("v0", vote(VoteType.PRECOMMIT, 0, a, "v0"));
    AssertionError error =
        assertThrows(AssertionError.class, () -> invariants.persisted("v0", vote(VoteType.PREVOTE, 1, b, "v0")));
    assertTrue(error.getMessage().startsWith("lock safety"));
  }

  @Test
  void sendingTwoMessagesForOneSlotBreaksTheWalRule() {
    invariants.persisted("v0", vote(VoteType.PREVOTE, 0, null, "v0"));
    Hash a = TestValue.honest(1, "v1", 0).id();
    AssertionError error =
        assertThrows(AssertionError.class, () -> invariants.persisted("v0", vote(VoteType.PREVOTE, 0, a, "v0")));
    assertTrue(error.getMessage().startsWith("WAL rule"));
  }

  private Action.Decide<TestValue> decide(TestValue value, int round) {
    List<Vote> precommits = ids.subList(0, 3).stream()
        .map(id -> vote(VoteType.PRECOMMIT, round, value.id(), id)).toList();
    return new Action.Decide<>(1, round, value, CommitCertificate.of(precommits));
  }

  private Vote vote(VoteType type, int round, Hash id, String validator) {
    MessageSigner signer = crypto.signerFor(validator);
    return new Vote(type, 1, round, id, validator, signer.sign(payloads.vote(1, round, type, id, validator)));
  }

}
