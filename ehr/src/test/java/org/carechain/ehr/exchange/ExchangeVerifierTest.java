package org.carechain.ehr.exchange;

import static org.carechain.ehr.exchange.ExchangeBundleTest.ENTRIES;
import static org.carechain.ehr.exchange.ExchangeBundleTest.NOW;
import static org.carechain.ehr.exchange.ExchangeBundleTest.SALT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.InclusionProof;
import org.carechain.crypto.pki.SubjectPublicKey;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ehr.exchange.ExchangeBundle.Entry;
import org.carechain.ehr.exchange.ExchangeBundle.Parsed;
import org.carechain.ehr.exchange.ExchangeVerifier.Mismatch;
import org.carechain.ehr.exchange.ExchangeVerifier.Problem;
import org.carechain.ehr.exchange.ExchangeVerifier.Result;
import org.carechain.ehr.record.ContentHash;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.RecordEvent.Operation;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.testing.TestChain;
import org.carechain.ledger.core.verify.CertifiedHeader;
import org.carechain.ledger.core.verify.LedgerVerifier;
import org.carechain.ledger.core.verify.TransactionProof;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ExchangeVerifier} against real evidence: record events committed in blocks certified by the
 * test validators, with RFC 6962 inclusion proofs, checked by a {@link LedgerVerifier} for the
 * genesis. Records are synthetic.
 */
class ExchangeVerifierTest {

  private static final String SERVING = "hospital-b";
  private static final Hash PATIENT = Hash.sha256("synthetic patient".getBytes(StandardCharsets.UTF_8));
  private static final ContentHash HASHER = ContentHash.withSalt(SALT);

  private EvidenceLedger ledger;
  private Map<Hash, TransactionProof> evidence;
  private int sequence;

  @BeforeEach
  void commitTheRecords() {
    ledger = new EvidenceLedger();
    // Two blocks, so proofs have audit paths: the first holds an unrelated anchor and the Observation's
    // first version, the second the latest events of all three records.
    Transaction anchor = new Transaction(Channel.EHR, "anchor-1",
        new TypedPayload("type.carechain.org/carechain.test.v1.Anchor", new byte[] {1}));
    Transaction oldObservation = event(SERVING, ENTRIES.get(0), Operation.CREATE,
        HASHER.of("Observation", "obs-1", 1, "{\"id\": \"obs-1\", \"resourceType\": \"Observation\"}"));
    ledger.commit(anchor, oldObservation);
    List<Transaction> latest = ENTRIES.stream().map(e -> event(SERVING, e, Operation.UPDATE, hashOf(e))).toList();
    ledger.commit(latest.toArray(Transaction[]::new));
    evidence = new HashMap<>();
    latest.forEach(t -> evidence.put(((RecordEvent) t.payload()).recordRef(), ledger.proofOf(t)));
  }

  @Test
  void everyRecordOfAnHonestAnswerVerifies() throws Exception {
    // The whole path: write, seal, open, parse, verify.
    Ed25519PrivateKey requester = Ed25519PrivateKey.generate(new SecureRandom());
    byte[] info = SealedBundle.info(new byte[16], SERVING, "hospital-a", PATIENT);
    byte[] sealed = SealedBundle.seal(SubjectPublicKey.of(requester.publicKey()),
        ExchangeBundle.write(SALT, ENTRIES, NOW).getBytes(StandardCharsets.UTF_8), info, new SecureRandom());
    Parsed received = ExchangeBundle.parse(SealedBundle.open(requester, sealed, info));

    Result result = verifier().verify(received, evidence);

    assertTrue(result.allVerified(), result.mismatches().toString());
    assertEquals(ENTRIES, result.verified());
    assertEquals(result, ExchangeVerifier.verify(ledger.verifier(), SERVING, received, evidence));
  }

  @Test
  void anAlteredTextIsContentAltered() {
    Entry original = ENTRIES.get(0);
    Entry altered = new Entry(original.resourceType(), original.resourceId(), original.version(), original.recordRef(),
        original.jsonbText().replace("120.50", "120.5"));
    Result result = verifier().verify(bundle(altered, ENTRIES.get(1), ENTRIES.get(2)), evidence);

    assertEquals(List.of(new Mismatch(original.recordRef(), Problem.CONTENT_ALTERED)), result.mismatches());
    assertEquals(ENTRIES.subList(1, 3), result.verified());
  }

  @Test
  void anotherVersionIdOrSaltIsContentAltered() {
    Entry original = ENTRIES.get(0);
    Entry olderVersion = new Entry(original.resourceType(), original.resourceId(), original.version() - 1,
        original.recordRef(), original.jsonbText());
    Entry otherId = new Entry(original.resourceType(), "obs-2", original.version(), original.recordRef(),
        original.jsonbText());
    assertOnly(Problem.CONTENT_ALTERED, verifier().verify(bundle(olderVersion), evidence));
    assertOnly(Problem.CONTENT_ALTERED, verifier().verify(bundle(otherId), evidence));

    byte[] otherSalt = SALT.clone();
    otherSalt[0] ^= 1;
    Result result = verifier().verify(new Parsed(otherSalt, ENTRIES), evidence);
    assertEquals(List.of(), result.verified());
    result.mismatches().forEach(m -> assertEquals(Problem.CONTENT_ALTERED, m.problem()));
    assertEquals(3, result.mismatches().size());
  }

  @Test
  void aRecordWithoutEvidenceIsNoEvidence() {
    evidence.remove(ENTRIES.get(1).recordRef());
    Result result = verifier().verify(bundle(ENTRIES.toArray(Entry[]::new)), evidence);
    assertEquals(List.of(new Mismatch(ENTRIES.get(1).recordRef(), Problem.NO_EVIDENCE)), result.mismatches());
    assertEquals(List.of(ENTRIES.get(0), ENTRIES.get(2)), result.verified());

    assertOnly(Problem.NO_EVIDENCE, verifier().verify(bundle(ENTRIES.get(0)), Map.of()));
  }

  @Test
  void evidenceOfAnotherRecordIsNotThisRecord() {
    // The Condition's valid proof presented for the Observation.
    evidence.put(ENTRIES.get(0).recordRef(), evidence.get(ENTRIES.get(1).recordRef()));
    assertOnly(Problem.NOT_THIS_RECORD, verifier().verify(bundle(ENTRIES.get(0)), evidence));
  }

  @Test
  void anEventOfAnotherProviderTypeOrKindIsNotThisRecord() {
    Entry entry = ENTRIES.get(0);
    Transaction otherProvider = event("hospital-c", entry, Operation.UPDATE, hashOf(entry));
    Transaction otherType = new Transaction(Channel.EHR, "other-type", new RecordEvent(SERVING, "Condition",
        entry.recordRef(), PATIENT, Operation.UPDATE, hashOf(entry), new byte[0], RecordEvent.SecurityLabel.N,
        "0/1A", 1_767_225_600_000L));
    Transaction anchor = new Transaction(Channel.EHR, "anchor-2",
        new TypedPayload("type.carechain.org/carechain.test.v1.Anchor", entry.recordRef().toByteArray()));
    ledger.commit(otherProvider, otherType, anchor);
    for (Transaction transaction : List.of(otherProvider, otherType, anchor)) {
      evidence.put(entry.recordRef(), ledger.proofOf(transaction));
      assertOnly(Problem.NOT_THIS_RECORD, verifier().verify(bundle(entry), evidence));
    }
  }

  @Test
  void aDeleteOnChainIsDeletedOnChain() {
    Entry entry = ENTRIES.get(2);
    Transaction delete = event(SERVING, entry, Operation.DELETE, hashOf(entry));
    ledger.commit(delete);
    evidence.put(entry.recordRef(), ledger.proofOf(delete));
    Result result = verifier().verify(bundle(ENTRIES.toArray(Entry[]::new)), evidence);
    assertEquals(List.of(new Mismatch(entry.recordRef(), Problem.DELETED_ON_CHAIN)), result.mismatches());
    assertEquals(ENTRIES.subList(0, 2), result.verified());
  }

  @Test
  void aForgedCommitCertificateIsProofInvalid() {
    Entry entry = ENTRIES.get(0);
    TransactionProof genuine = evidence.get(entry.recordRef());
    var header = genuine.block().header();
    List<List<String>> forgedSigners = List.of(
        List.of(TestChain.validatorId(0), TestChain.validatorId(1)),                  // below a 2/3 quorum
        List.of(TestChain.validatorId(0), TestChain.validatorId(1), TestChain.OUTSIDER)); // one not in the genesis
    for (List<String> signers : forgedSigners) {
      evidence.put(entry.recordRef(), new TransactionProof(genuine.transaction(), genuine.height(), genuine.inclusion(),
          new CertifiedHeader(header, ledger.certify(header, signers))));
      assertOnly(Problem.PROOF_INVALID, verifier().verify(bundle(entry), evidence));
    }
  }

  @Test
  void aForgedInclusionPathIsProofInvalid() {
    Entry entry = ENTRIES.get(1);
    TransactionProof genuine = evidence.get(entry.recordRef());
    InclusionProof inclusion = genuine.inclusion();
    assertFalse(inclusion.path().isEmpty());
    for (int i = 0; i < inclusion.path().size(); i++) {
      List<Hash> path = new ArrayList<>(inclusion.path());
      byte[] flipped = path.get(i).toByteArray();
      flipped[5] ^= 0x10;
      path.set(i, Hash.of(flipped));
      evidence.put(entry.recordRef(), withInclusion(genuine,
          new InclusionProof(inclusion.leafIndex(), inclusion.treeSize(), path)));
      assertOnly(Problem.PROOF_INVALID, verifier().verify(bundle(entry), evidence));
    }
    long otherLeaf = inclusion.leafIndex() == 0 ? 1 : inclusion.leafIndex() - 1;
    evidence.put(entry.recordRef(), withInclusion(genuine,
        new InclusionProof(otherLeaf, inclusion.treeSize(), inclusion.path())));
    assertOnly(Problem.PROOF_INVALID, verifier().verify(bundle(entry), evidence));
  }

  /**
   * The attack the ledger is there for: alter a record, then present an event with the altered
   * text's hash in place of the committed one, under the committed event's proof.
   */
  @Test
  void anEventForgedToMatchAlteredTextIsProofInvalid() {
    Entry original = ENTRIES.get(0);
    Entry altered = new Entry(original.resourceType(), original.resourceId(), original.version(), original.recordRef(),
        original.jsonbText().replace("final", "amended"));
    TransactionProof genuine = evidence.get(original.recordRef());
    RecordEvent committed = (RecordEvent) genuine.transaction().payload();
    Transaction forged = new Transaction(Channel.EHR, genuine.transaction().idempotencyKey(), new RecordEvent(
        committed.provider(), committed.resourceType(), committed.recordRef(), committed.patientRef(), committed.op(),
        hashOf(altered), committed.itemMask(), committed.securityLabel(), committed.sourcePosition(),
        committed.committedAtMillis()));
    evidence.put(original.recordRef(),
        new TransactionProof(forged, genuine.height(), genuine.inclusion(), genuine.block()));
    assertOnly(Problem.PROOF_INVALID, verifier().verify(bundle(altered), evidence));
  }

  @Test
  void evidenceFromAnotherChainIsProofInvalid() {
    EvidenceLedger other = new EvidenceLedger("carechain-other", 4);
    Entry entry = ENTRIES.get(0);
    Transaction event = event(SERVING, entry, Operation.UPDATE, hashOf(entry));
    other.commit(event);
    evidence.put(entry.recordRef(), other.proofOf(event));
    assertOnly(Problem.PROOF_INVALID, verifier().verify(bundle(entry), evidence));
  }

  @Test
  void theVerifiedBundleHoldsOnlyVerifiedEntriesAndNoSalt() {
    evidence.remove(ENTRIES.get(1).recordRef());
    Result result = verifier().verify(bundle(ENTRIES.toArray(Entry[]::new)), evidence);
    String json = ExchangeVerifier.bundleOf(result.verified(), NOW);

    assertFalse(json.contains(ExchangeBundle.CONTENT_SALT_URL));
    assertFalse(json.contains(ENTRIES.get(1).jsonbText()));
    assertTrue(json.contains("\"resource\":" + ENTRIES.get(0).jsonbText() + "}"));
    assertTrue(json.contains("\"resource\":" + ENTRIES.get(2).jsonbText() + "}"));
    assertEquals(json, ExchangeBundle.render(null, result.verified(), NOW));
    assertTrue(ExchangeBundle.write(SALT, result.verified(), NOW).endsWith(json.substring(json.indexOf(",\"entry\""))));
  }

  @Test
  void resultsNameNoRecordContent() {
    evidence.clear();
    Result result = verifier().verify(bundle(ENTRIES.toArray(Entry[]::new)), evidence);
    String text = result.toString() + result.mismatches() + result.verified();
    for (String secret : List.of("obs-1", "cond-7", "p.1", "systolisch")) {
      assertFalse(text.contains(secret), text);
    }
  }

  @Test
  void theServingProviderMustBeAMemberId() {
    assertThrows(IllegalArgumentException.class, () -> ExchangeVerifier.create(ledger.verifier(), "two words"));
  }

  private ExchangeVerifier verifier() {
    return ExchangeVerifier.create(ledger.verifier(), SERVING);
  }

  private static Parsed bundle(Entry... entries) {
    return ExchangeBundle.parse(ExchangeBundle.write(SALT, List.of(entries), NOW));
  }

  private static void assertOnly(Problem problem, Result result) {
    assertEquals(List.of(), result.verified());
    assertEquals(1, result.mismatches().size(), result.toString());
    assertEquals(problem, result.mismatches().get(0).problem());
  }

  private static Hash hashOf(Entry entry) {
    return HASHER.of(entry.resourceType(), entry.resourceId(), entry.version(), entry.jsonbText());
  }

  private Transaction event(String provider, Entry entry, Operation op, Hash contentHash) {
    int n = sequence++;
    return new Transaction(Channel.EHR, "capture/" + provider + "/" + n, new RecordEvent(provider, entry.resourceType(),
        entry.recordRef(), PATIENT, op, contentHash, new byte[] {1}, RecordEvent.SecurityLabel.N,
        "0/" + Integer.toHexString(0x16B0000 + n), 1_767_225_600_000L + n));
  }

  private static TransactionProof withInclusion(TransactionProof proof, InclusionProof inclusion) {
    return new TransactionProof(proof.transaction(), proof.height(), inclusion, proof.block());
  }
}
