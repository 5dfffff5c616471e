package org.carechain.ledger.core.verify;

import static org.carechain.ledger.core.verify.VerifierAssertions.assertFailsAt;
import static org.carechain.ledger.core.verify.VerifierAssertions.assertVerifies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;
import java.util.stream.LongStream;
import org.carechain.crypto.merkle.InclusionProof;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.testing.TestChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded property tests: over real chains signed by test validators, every committed transaction
 * verifies, and every single-field or single-bit forgery fails at the check that catches it.
 */
class TransactionVerificationTest {

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 30);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyCommittedTransactionVerifiesByHashAndByKey(long seed) {
    TestChain chain = TestChain.build(seed, 4 + (int) (seed % 4), 6);
    LedgerVerifier verifier = LedgerVerifier.forGenesis(chain.genesis());
    for (Transaction transaction : chain.transactions()) {
      TransactionProof proof = chain.proofOf(transaction);
      assertVerifies(() -> verifier.verifyTransaction(TransactionQuery.byHash(transaction.hash()), proof), "by hash");
      assertVerifies(() -> verifier.verifyTransaction(
          TransactionQuery.byIdempotencyKey(transaction.idempotencyKey()), proof), "by key");
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anAlteredTransactionIsRejected(long seed) {
    TestChain chain = TestChain.build(seed, 4, 6);
    LedgerVerifier verifier = LedgerVerifier.forGenesis(chain.genesis());
    for (Transaction genuine : chain.transactions()) {
      TransactionProof proof = chain.proofOf(genuine);
      Transaction altered = new Transaction(Channel.EHR, genuine.idempotencyKey(),
          new TypedPayload("type.carechain.org/carechain.test.v1.Forged", new byte[] {(byte) seed}));
      TransactionProof forged = new TransactionProof(altered, proof.height(), proof.inclusion(), proof.block());
      assertFailsAt(Check.REQUESTED,
          () -> verifier.verifyTransaction(TransactionQuery.byHash(genuine.hash()), forged), "asked by hash");
      assertFailsAt(Check.INCLUSION, () -> verifier.verifyTransaction(
          TransactionQuery.byIdempotencyKey(genuine.idempotencyKey()), forged), "asked by key");
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyWrongLeafIndexIsRejected(long seed) {
    TestChain chain = TestChain.build(seed, 4, 6);
    LedgerVerifier verifier = LedgerVerifier.forGenesis(chain.genesis());
    for (Transaction transaction : chain.transactions()) {
      TransactionProof proof = chain.proofOf(transaction);
      InclusionProof genuine = proof.inclusion();
      for (long index = -1; index <= genuine.treeSize(); index++) {
        if (index == genuine.leafIndex()) {
          continue;
        }
        TransactionProof forged = new TransactionProof(transaction, proof.height(),
            new InclusionProof(index, genuine.treeSize(), genuine.path()), proof.block());
        assertFailsAt(Check.INCLUSION, () -> verifier.verifyTransaction(query(transaction), forged), "leaf index " + index);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyForgedAuditPathIsRejected(long seed) {
    TestChain chain = TestChain.build(seed, 4, 6);
    LedgerVerifier verifier = LedgerVerifier.forGenesis(chain.genesis());
    Random random = new Random(seed);
    for (Transaction transaction : chain.transactions()) {
      TransactionProof proof = chain.proofOf(transaction);
      for (InclusionProof path : Forgeries.forgedPaths(proof.inclusion(), random)) {
        TransactionProof forged = new TransactionProof(transaction, proof.height(), path, proof.block());
        assertFailsAt(Check.INCLUSION, () -> verifier.verifyTransaction(query(transaction), forged), "forged path");
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aHeaderOfAnotherBlockOrWithAnyFieldChangedIsRejected(long seed) {
    TestChain chain = TestChain.build(seed, 4, 6);
    LedgerVerifier verifier = LedgerVerifier.forGenesis(chain.genesis());
    Random random = new Random(seed);
    for (Transaction transaction : chain.transactions()) {
      TransactionProof proof = chain.proofOf(transaction);
      for (long other = 1; other <= chain.height(); other++) {
        if (other == proof.height()) {
          continue;
        }
        long height = other;
        CertifiedHeader otherHeaderSameCertificate =
            new CertifiedHeader(chain.header(height), proof.block().certificate());
        assertFailsAt(Check.BLOCK_ID, () -> verifier.verifyTransaction(query(transaction),
            withBlock(proof, otherHeaderSameCertificate)), "header of block " + height);
        assertFailsAt(Check.PROOF_TARGET, () -> verifier.verifyTransaction(query(transaction),
            withBlock(proof, chain.certified(height))), "certified block " + height);
      }
      for (BlockHeader changed : Forgeries.oneFieldChanged(proof.block().header(), random)) {
        CertifiedHeader forged = new CertifiedHeader(changed, proof.block().certificate());
        assertFailsAt(Check.BLOCK_ID,
            () -> verifier.verifyTransaction(query(transaction), withBlock(proof, forged)), "changed header");
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aGenesisOfAnotherChainOrChannelRejectsTheProof(long seed) {
    TestChain chain = TestChain.build(seed, 4, 6);
    LedgerVerifier otherChain = LedgerVerifier.forGenesis(TestChain.genesis(Channel.EHR, "carechain-other", 4));
    LedgerVerifier otherChannel = LedgerVerifier.forGenesis(TestChain.genesis(Channel.RBC, TestChain.CHAIN_ID, 4));
    for (Transaction transaction : chain.transactions()) {
      TransactionProof proof = chain.proofOf(transaction);
      assertFailsAt(Check.SIGNATURES, () -> otherChain.verifyTransaction(query(transaction), proof), "chain id");
      assertFailsAt(Check.CHANNEL, () -> otherChannel.verifyTransaction(query(transaction), proof), "channel");
    }
  }

  @Test
  void aResponseNamingAnotherHeightIsRejected() {
    TestChain chain = TestChain.build(7, 4, 6);
    Transaction transaction = chain.transactions().get(0);
    TransactionProof proof = chain.proofOf(transaction);
    TransactionProof forged =
        new TransactionProof(transaction, proof.height() + 1, proof.inclusion(), proof.block());
    VerificationException failure = assertFailsAt(Check.PROOF_TARGET,
        () -> LedgerVerifier.forGenesis(chain.genesis()).verifyTransaction(query(transaction), forged), "height");
    assertEquals("the response names height " + (proof.height() + 1) + ", but its header is at height "
        + proof.height(), failure.reason());
  }

  @Test
  void reasonsNameNoTransactionContent() {
    TestChain chain = TestChain.build(11, 4, 6);
    Transaction genuine = chain.transactions().get(0);
    TransactionProof proof = chain.proofOf(genuine);
    Transaction other = chain.transactions().get(chain.transactions().size() - 1);
    TransactionProof forged = new TransactionProof(other, proof.height(), proof.inclusion(), proof.block());
    VerificationException failure = assertFailsAt(Check.REQUESTED, () -> LedgerVerifier.forGenesis(chain.genesis())
        .verifyTransaction(TransactionQuery.byIdempotencyKey(genuine.idempotencyKey()), forged), "other key");
    assertFalse(failure.reason().contains(other.idempotencyKey()), failure.reason());
    assertFalse(failure.reason().contains(genuine.idempotencyKey()), failure.reason());
  }

  private static TransactionQuery query(Transaction transaction) {
    return TransactionQuery.byHash(transaction.hash());
  }

  private static TransactionProof withBlock(TransactionProof proof, CertifiedHeader block) {
    return new TransactionProof(proof.transaction(), proof.height(), proof.inclusion(), block);
  }
}
