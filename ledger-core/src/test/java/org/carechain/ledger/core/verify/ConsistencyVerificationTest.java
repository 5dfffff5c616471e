package org.carechain.ledger.core.verify;

import static org.carechain.ledger.core.verify.VerifierAssertions.assertFailsAt;
import static org.carechain.ledger.core.verify.VerifierAssertions.assertVerifies;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.ConsistencyProof;
import org.carechain.ledger.core.testing.TestChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded property tests of the consistency of two certified log heads. */
class ConsistencyVerificationTest {

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 30);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyPairOfBlocksOfOneChainIsConsistent(long seed) {
    TestChain chain = TestChain.build(seed, 4, 8);
    LedgerVerifier verifier = LedgerVerifier.forGenesis(chain.genesis());
    for (long from = 1; from <= chain.height(); from++) {
      for (long to = from; to <= chain.height(); to++) {
        long a = from;
        long b = to;
        assertVerifies(() -> verifier.verifyConsistency(chain.certified(a), chain.certified(b),
            chain.consistencyProof(a, b)), a + " -> " + b);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyBitFlipInAProofIsRejected(long seed) {
    TestChain chain = TestChain.build(seed, 4, 8);
    LedgerVerifier verifier = LedgerVerifier.forGenesis(chain.genesis());
    Random random = new Random(seed);
    for (long from = 1; from < chain.height(); from++) {
      ConsistencyProof genuine = chain.consistencyProof(from, chain.height());
      for (int i = 0; i < genuine.path().size(); i++) {
        List<Hash> path = new ArrayList<>(genuine.path());
        path.set(i, Forgeries.flipRandomBit(path.get(i), random));
        ConsistencyProof forged = new ConsistencyProof(genuine.size1(), genuine.size2(), path);
        long a = from;
        assertFailsAt(Check.CONSISTENCY, () -> verifier.verifyConsistency(chain.certified(a),
            chain.certified(chain.height()), forged), "element " + i);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void unrelatedLogsAreNotConsistent(long seed) {
    TestChain chain = TestChain.build(seed, 4, 8);
    TestChain fork = TestChain.build(seed + 1_000, 4, 9);
    LedgerVerifier verifier = LedgerVerifier.forGenesis(chain.genesis());
    long b = fork.height();
    long forkSize = fork.header(b).log().size();
    for (long a = 1; a < chain.height(); a++) {
      long size = chain.header(a).log().size();
      if (size == 0 || size > forkSize || forkSize > chain.header(chain.height()).log().size()) {
        continue; // the empty log is a prefix of every log; other sizes have no proof of the chain's log
      }
      // A genuine proof of the chain's own log, for the sizes of the chain's head and the fork's.
      ConsistencyProof proof = chain.logConsistencyProof(size, forkSize);
      long from = a;
      assertFailsAt(Check.CONSISTENCY, () -> verifier.verifyConsistency(chain.certified(from), fork.certified(b), proof),
          "chain's head " + a + ", fork's head " + b);
    }
    assertFailsAt(Check.CONSISTENCY, () -> verifier.verifyConsistency(chain.certified(chain.height()),
        fork.certified(b), chain.consistencyProof(chain.height(), chain.height())), "a proof of other sizes");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void twoCertifiedBlocksAtOneHeightAreAFork(long seed) {
    TestChain chain = TestChain.build(seed, 4, 4);
    TestChain fork = TestChain.build(seed + 1_000, 4, 4);
    LedgerVerifier verifier = LedgerVerifier.forGenesis(chain.genesis());
    assertFailsAt(Check.HEIGHT_ORDER, () -> verifier.verifyConsistency(chain.certified(4), fork.certified(4),
        new ConsistencyProof(chain.header(4).log().size(), fork.header(4).log().size(), List.of())), "fork");
  }

  @Test
  void theFirstBlockMustNotBeAboveTheSecond() {
    TestChain chain = TestChain.build(3, 4, 6);
    assertFailsAt(Check.HEIGHT_ORDER, () -> LedgerVerifier.forGenesis(chain.genesis()).verifyConsistency(
        chain.certified(5), chain.certified(2), chain.consistencyProof(2, 5)), "5 -> 2");
  }

  @Test
  void anUncertifiedHeadIsRejectedBeforeItsProof() {
    TestChain chain = TestChain.build(4, 4, 6);
    CertifiedHeader uncertified = new CertifiedHeader(chain.header(6), chain.certified(5).certificate());
    assertFailsAt(Check.BLOCK_ID, () -> LedgerVerifier.forGenesis(chain.genesis()).verifyConsistency(
        chain.certified(2), uncertified, chain.consistencyProof(2, 6)), "header 6 with certificate 5");
  }

  @Test
  void anEmptyFirstLogNeedsAnEmptyProof() {
    TestChain chain = TestChain.start(9, 4).appendBlock(0).appendBlock(3).appendBlock(0).appendBlock(2);
    LedgerVerifier verifier = LedgerVerifier.forGenesis(chain.genesis());
    long last = chain.height();
    assertVerifies(() -> verifier.verifyConsistency(chain.certified(1), chain.certified(last),
        chain.consistencyProof(1, last)), "from the empty log");
    ConsistencyProof padded = new ConsistencyProof(0, chain.header(last).log().size(),
        List.of(chain.header(last).log().root()));
    assertFailsAt(Check.CONSISTENCY,
        () -> verifier.verifyConsistency(chain.certified(1), chain.certified(last), padded), "non-empty proof");
  }
}
