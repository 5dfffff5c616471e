package org.carechain.ledger.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.Rfc6962Hasher;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519Verify;
import org.carechain.ledger.core.chain.RecordEvent.Operation;
import org.carechain.ledger.core.chain.RecordEvent.SecurityLabel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionTest {

  static RecordEvent event(String position, byte... mask) {
    return new RecordEvent("hospital1", "Observation", Hash.sha256(new byte[] {1}), Hash.sha256(new byte[] {2}),
        Operation.CREATE, Hash.sha256(new byte[] {3}), mask, SecurityLabel.N, position, 1_700_000_000_000L);
  }

  static Transaction transaction(String key) {
    return new Transaction(Channel.EHR, key, event("0/16B3748", (byte) 0b101));
  }

  @Test
  void hashIsTheLeafHashOfTheCanonicalBytes() {
    Transaction tx = transaction("k1");
    assertEquals(Rfc6962Hasher.create().hashLeaf(tx.canonicalBytes()), tx.hash());
    assertEquals(tx.hash(), transaction("k1").hash());
    assertNotEquals(tx.hash(), transaction("k2").hash());
  }

  @Test
  void canonicalBytesDecodeBackToTheSameTransaction() {
    Transaction event = transaction("k1");
    assertEquals(event, Transaction.fromCanonicalBytes(event.canonicalBytes()));
    Transaction typed = new Transaction(Channel.CBC, "issue/1", new TypedPayload(
        "type.carechain.org/carechain.certificate.v1.IssuanceRecord", new byte[] {4, 5}));
    assertEquals(typed, Transaction.fromCanonicalBytes(typed.canonicalBytes()));
    byte[] trailing = java.util.Arrays.copyOf(event.canonicalBytes(), event.canonicalBytes().length + 1);
    assertThrows(IllegalArgumentException.class, () -> Transaction.fromCanonicalBytes(trailing));
    byte[] truncated = java.util.Arrays.copyOf(event.canonicalBytes(), event.canonicalBytes().length - 1);
    assertThrows(IllegalArgumentException.class, () -> Transaction.fromCanonicalBytes(truncated));
  }

  @Test
  void blocksRoundTripThroughTheirCanonicalBytes() {
    List<Transaction> transactions = List.of(transaction("x"), transaction("y"));
    Block block = new Block(new BlockHeader(Channel.EHR, 3, Hash.sha256(new byte[] {1}), 42, "ledger-0",
        Transaction.rootOf(transactions), Hash.sha256(new byte[] {2}),
        new org.carechain.crypto.merkle.TreeHead(9, Hash.sha256(new byte[] {3}))), transactions);
    Block decoded = Block.fromCanonicalBytes(block.canonicalBytes());
    assertEquals(block, decoded);
    assertEquals(block.hash(), decoded.hash());
    assertTrue(decoded.transactionsMatchHeader());
    assertThrows(IllegalArgumentException.class, () -> BlockHeader.fromCanonicalBytes(block.canonicalBytes()));
  }

  @Test
  void everyFieldChangesTheHash() {
    Transaction base = transaction("k");
    assertNotEquals(base.hash(), new Transaction(Channel.EHR, "k", event("0/16B3749", (byte) 0b101)).hash());
    assertNotEquals(base.hash(), new Transaction(Channel.EHR, "k", event("0/16B3748", (byte) 0b100)).hash());
    assertNotEquals(base.hash(), new Transaction(Channel.EHR, "k", event("0/16B3748", (byte) 0b101, (byte) 0)).hash());
    assertNotEquals(new Transaction(Channel.RBC, "k", new TypedPayload(
            "type.carechain.org/carechain.registration.v1.RegistrationRecord", new byte[] {1})).hash(),
        new Transaction(Channel.CBC, "k", new TypedPayload(
            "type.carechain.org/carechain.registration.v1.RegistrationRecord", new byte[] {1})).hash());
  }

  @Test
  void itemMaskBitsAreReadLeastSignificantFirst() {
    RecordEvent event = event("1", (byte) 0b101, (byte) 0b1);
    assertTrue(event.fills(0));
    assertFalse(event.fills(1));
    assertTrue(event.fills(2));
    assertTrue(event.fills(8));
    assertFalse(event.fills(9));
    assertFalse(event.fills(100));
    assertFalse(event.fills(-1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "jane.doe@example.org?x", "ä"})
  void badIdempotencyKeysAreRejected(String key) {
    assertThrows(IllegalArgumentException.class, () -> transaction(key));
  }

  @Test
  void recordEventsStayOnTheEhrChannelAndFieldsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new Transaction(Channel.RBC, "k", event("1")));
    assertThrows(IllegalArgumentException.class, () -> new RecordEvent("hospital1", "Jane Doe", Hash.sha256(),
        Hash.sha256(), Operation.CREATE, Hash.sha256(), new byte[0], SecurityLabel.N, "1", 0));
    assertThrows(IllegalArgumentException.class, () -> new RecordEvent("hospital 1", "Patient", Hash.sha256(),
        Hash.sha256(), Operation.CREATE, Hash.sha256(), new byte[0], SecurityLabel.N, "1", 0));
    assertThrows(IllegalArgumentException.class, () -> event("1", new byte[33]));
    assertThrows(IllegalArgumentException.class, () -> event("free text position"));
    assertThrows(IllegalArgumentException.class, () -> new TypedPayload("http://evil", new byte[0]));
  }

  @Test
  void aSignedBatchVerifiesAndAnyChangeBreaksIt() throws GeneralSecurityException {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
    List<Transaction> transactions = List.of(transaction("a"), transaction("b"), transaction("c"));
    TransactionBatch batch = TransactionBatch.sign(transactions, key);
    assertEquals(key.keyId(), batch.submitter());
    batch.verify(Ed25519Verify.create(key.publicKey()));

    TransactionBatch reordered = new TransactionBatch(
        List.of(transaction("b"), transaction("a"), transaction("c")), batch.submitter(), batch.signature());
    assertThrows(GeneralSecurityException.class, () -> reordered.verify(Ed25519Verify.create(key.publicKey())));
    TransactionBatch truncated = new TransactionBatch(transactions.subList(0, 2), batch.submitter(), batch.signature());
    assertThrows(GeneralSecurityException.class, () -> truncated.verify(Ed25519Verify.create(key.publicKey())));
    Ed25519PrivateKey other = Ed25519PrivateKey.generate(new SecureRandom());
    assertThrows(GeneralSecurityException.class, () -> batch.verify(Ed25519Verify.create(other.publicKey())));
    byte[] flipped = batch.signature();
    flipped[5] ^= 1;
    assertArrayEquals(batch.signature(), TransactionBatch.sign(transactions, key).signature());
    assertThrows(GeneralSecurityException.class, () -> new TransactionBatch(transactions, batch.submitter(), flipped)
        .verify(Ed25519Verify.create(key.publicKey())));
  }

  @Test
  void batchesHaveBounds() {
    assertThrows(IllegalArgumentException.class, () -> TransactionBatch.sign(List.of(),
        Ed25519PrivateKey.generate(new SecureRandom())));
  }
}
