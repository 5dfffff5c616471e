package org.carechain.ledger.core.chain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519Verify;
import org.junit.jupiter.api.Test;

class BatchSealTest {

  private static final Ed25519PrivateKey SUBMITTER = key(1);
  private static final Ed25519PrivateKey STRANGER = key(2);

  private static Ed25519PrivateKey key(int seed) {
    byte[] bytes = new byte[32];
    bytes[0] = (byte) seed;
    try {
      return Ed25519PrivateKey.create(bytes);
    } catch (java.security.InvalidKeyException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Transaction> transactions(String prefix, int count) {
    List<Transaction> transactions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      transactions.add(new Transaction(Channel.CBC, prefix + "-" + i,
          new TypedPayload("type.carechain.org/carechain.test.v1.Entry", (prefix + i).getBytes(StandardCharsets.UTF_8))));
    }
    return transactions;
  }

  private static BatchSeal seal(TransactionBatch batch, List<Integer> positions) {
    BatchSeal.Source source = BatchSeal.Source.of(batch);
    return new BatchSeal(source.submitter(), source.signature(), source.leaves(), positions);
  }

  private static Block block(List<Transaction> transactions, List<BatchSeal> seals) {
    BlockHeader header = new BlockHeader(Channel.CBC, 1, BlockHeader.NO_PARENT, 1, "ca-1",
        Transaction.rootOf(transactions), Hash.sha256(), new TreeHead(transactions.size(), Hash.sha256()));
    return new Block(header, transactions, seals);
  }

  @Test
  void anySubsetOfASignedBatchIsCoveredAndItsSignatureChecks() throws GeneralSecurityException {
    Random random = new Random(42);
    for (int round = 0; round < 50; round++) {
      List<Transaction> signed = transactions("r" + round, 1 + random.nextInt(40));
      TransactionBatch batch = TransactionBatch.sign(signed, SUBMITTER);
      List<Integer> positions = new ArrayList<>();
      List<Transaction> taken = new ArrayList<>();
      for (int i = 0; i < signed.size(); i++) {
        if (random.nextBoolean() || (i == signed.size() - 1 && positions.isEmpty())) {
          positions.add(i);
          taken.add(signed.get(i));
        }
      }
      BatchSeal seal = seal(batch, positions);
      Block block = block(taken, List.of(seal));
      assertNull(block.sealCoverageProblem());
      seal.verify(Ed25519Verify.create(SUBMITTER.publicKey()));
      assertEquals(block, Block.fromCanonicalBytes(block.canonicalBytes()));
      assertEquals(List.of(seal), Block.sealsFromBytes(block.sealBytes()));
    }
  }

  @Test
  void aTransactionTheBatchDidNotSignIsNotCovered() {
    List<Transaction> signed = transactions("a", 3);
    BatchSeal seal = seal(TransactionBatch.sign(signed, SUBMITTER), List.of(0, 1, 2));
    List<Transaction> swapped = new ArrayList<>(signed);
    swapped.set(1, transactions("b", 1).get(0));
    assertEquals("transaction 1 is not the one its seal's batch signed",
        block(swapped, List.of(seal)).sealCoverageProblem());
  }

  @Test
  void everyTransactionNeedsExactlyOneSealPosition() {
    List<Transaction> signed = transactions("c", 3);
    TransactionBatch batch = TransactionBatch.sign(signed, SUBMITTER);
    assertEquals("transaction 2 has no seal", block(signed, List.of(seal(batch, List.of(0, 1)))).sealCoverageProblem());
    assertEquals("transaction 0 has no seal", block(signed, List.of()).sealCoverageProblem());
    assertEquals("the seals take more transactions than the block holds",
        block(signed.subList(0, 2), List.of(seal(batch, List.of(0, 1, 2)))).sealCoverageProblem());
  }

  @Test
  void positionsMustAscendWithinTheBatch() {
    TransactionBatch batch = TransactionBatch.sign(transactions("d", 3), SUBMITTER);
    assertThrows(IllegalArgumentException.class, () -> seal(batch, List.of(1, 0)));
    assertThrows(IllegalArgumentException.class, () -> seal(batch, List.of(0, 0)));
    assertThrows(IllegalArgumentException.class, () -> seal(batch, List.of(3)));
    assertThrows(IllegalArgumentException.class, () -> seal(batch, List.of(-1)));
  }

  @Test
  void aSignatureOfAnotherKeyOrOverOtherLeavesFails() {
    List<Transaction> signed = transactions("e", 4);
    BatchSeal seal = seal(TransactionBatch.sign(signed, SUBMITTER), List.of(0, 1, 2, 3));
    assertThrows(GeneralSecurityException.class, () -> seal.verify(Ed25519Verify.create(STRANGER.publicKey())));
    List<Hash> otherLeaves = new ArrayList<>(seal.leaves());
    otherLeaves.set(3, Hash.sha256(new byte[] {9}));
    BatchSeal altered = new BatchSeal(seal.submitter(), seal.signature(), otherLeaves, seal.included());
    assertThrows(GeneralSecurityException.class, () -> altered.verify(Ed25519Verify.create(SUBMITTER.publicKey())));
    assertDoesNotThrow(() -> seal.verify(Ed25519Verify.create(SUBMITTER.publicKey())));
  }
}
