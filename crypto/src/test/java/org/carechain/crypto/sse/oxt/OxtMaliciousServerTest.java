package org.carechain.crypto.sse.oxt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sse.KeywordState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server that lies about a conjunctive answer. Every lie that each mode promises to catch must be
 * rejected; the lies that filtered mode cannot see are pinned down too, so that the documented
 * limit stays true.
 */
class OxtMaliciousServerTest {

  private static final String A = "code=44054006";
  private static final String B = "code=38341003";
  private static final String C = "code=73211009";
  private static final String D = "code=22298006";

  private OxtFixture db;

  @BeforeEach
  void index() {
    db = new OxtFixture(99, 0, 0);
    for (int r = 1; r <= 8; r++) {
      db.add(A, "record-" + r);
      db.add(D, "record-" + r);
    }
    for (int r : new int[] {1, 2, 3, 4, 20, 21, 22, 23, 24, 25}) {
      db.add(B, "record-" + r);
    }
    for (int r : new int[] {1, 2, 30}) {
      db.add(C, "record-" + r);
    }
  }

  /** A ∧ B with s-term A: entries 1..4 of A match, 5..8 do not. */
  private OxtToken aAndB() {
    return db.owner.token(A, db.state(A), List.of(B));
  }

  private List<OxtMatch> verify(VerificationMode mode, OxtToken token, OxtResult result)
      throws OxtVerificationException {
    return verify(mode, token, db.state(A), db.server.xsetRoot(), result);
  }

  private static List<OxtMatch> verify(
      VerificationMode mode, OxtToken token, KeywordState sTerm, Hash root, OxtResult result)
      throws OxtVerificationException {
    return mode == VerificationMode.STRICT
        ? OxtVerifier.verifyStrict(token.query(), sTerm, root, result)
        : OxtVerifier.verifyFiltered(token.query(), sTerm, result);
  }

  private static OxtResult tamper(OxtResult honest, Consumer<List<OxtResult.Row>> lie) {
    List<OxtResult.Row> rows = new ArrayList<>(honest.rows());
    lie.accept(rows);
    return new OxtResult(rows);
  }

  private static OxtResult.Row withValue(OxtResult.Row row, byte[] value) {
    return new OxtResult.Row(row.label(), value, null, row.match(), row.proofs());
  }

  private static OxtResult.Row withMatch(OxtResult.Row row, boolean match, List<XSetProof> proofs) {
    return new OxtResult.Row(row.label(), row.value(), row.valueHash(), match, proofs);
  }

  private void assertRejected(VerificationMode mode, OxtToken token, OxtResult lie) {
    assertThrows(OxtVerificationException.class, () -> verify(mode, token, lie), mode.toString());
  }

  @ParameterizedTest
  @EnumSource(VerificationMode.class)
  void theHonestAnswerVerifies(VerificationMode mode) throws Exception {
    OxtToken token = aAndB();
    List<OxtMatch> matches = verify(mode, token, db.server.search(token.query(), mode));
    assertEquals(Set.of("record-1", "record-2", "record-3", "record-4"), OxtFixture.open(token, matches));
  }

  @ParameterizedTest
  @EnumSource(VerificationMode.class)
  void droppingAMatchFromTheChainIsRejected(VerificationMode mode) {
    OxtToken token = aAndB();
    assertRejected(mode, token, tamper(db.server.search(token.query(), mode), rows -> rows.remove(1)));
  }

  @ParameterizedTest
  @EnumSource(VerificationMode.class)
  void droppingANonMatchFromTheChainIsRejected(VerificationMode mode) {
    OxtToken token = aAndB();
    assertRejected(mode, token, tamper(db.server.search(token.query(), mode), rows -> rows.remove(6)));
  }

  @ParameterizedTest
  @EnumSource(VerificationMode.class)
  void addingAForgedEntryIsRejected(VerificationMode mode) {
    OxtToken token = aAndB();
    OxtResult honest = db.server.search(token.query(), mode);
    byte[] forged = honest.rows().get(0).value();
    forged[forged.length - 1] ^= 1;
    OxtResult.Row extra = new OxtResult.Row(new byte[32], forged, null, true, honest.rows().get(0).proofs());
    assertRejected(mode, token, tamper(honest, rows -> rows.add(extra)));
    assertRejected(mode, token, tamper(honest, rows -> rows.set(0, withValue(rows.get(0), forged))));
  }

  @ParameterizedTest
  @EnumSource(VerificationMode.class)
  void alteringYIsRejected(VerificationMode mode) {
    OxtToken token = aAndB();
    OxtResult honest = db.server.search(token.query(), mode);
    for (int c : new int[] {0, 7}) {
      OxtResult.Row row = honest.rows().get(c);
      if (row.value() == null) {
        continue;
      }
      byte[] value = row.value();
      value[3] ^= 0x40;
      assertRejected(mode, token, tamper(honest, rows -> rows.set(c, withValue(row, value))));
    }
  }

  @ParameterizedTest
  @EnumSource(VerificationMode.class)
  void returningAnotherKeywordsEntryIsRejected(VerificationMode mode) {
    OxtToken token = aAndB();
    OxtToken other = db.owner.token(D, db.state(D), List.of(B));
    OxtResult honest = db.server.search(token.query(), mode);
    OxtResult otherAnswer = db.server.search(other.query(), mode);
    assertRejected(mode, token, tamper(honest, rows -> rows.set(0, otherAnswer.rows().get(0))));
    assertRejected(mode, token, otherAnswer);
  }

  @ParameterizedTest
  @EnumSource(VerificationMode.class)
  void reorderingOrTruncatingTheAnswerIsRejected(VerificationMode mode) {
    OxtToken token = aAndB();
    OxtResult honest = db.server.search(token.query(), mode);
    assertRejected(mode, token, tamper(honest, rows -> Collections.swap(rows, 0, 1)));
    assertRejected(mode, token, tamper(honest, rows -> rows.subList(5, rows.size()).clear()));
    assertRejected(mode, token, new OxtResult(List.of()));
  }

  @ParameterizedTest
  @EnumSource(VerificationMode.class)
  void aStatementForAnotherCountIsRejected(VerificationMode mode) {
    OxtToken token = aAndB();
    OxtResult honest = db.server.search(token.query(), mode);
    KeywordState shorter = KeywordState.EMPTY;
    assertThrows(OxtVerificationException.class,
        () -> verify(mode, token, shorter, db.server.xsetRoot(), honest));
  }

  @Test
  void aMatchSentAsAHashOnlyIsRejected() {
    OxtToken token = aAndB();
    OxtResult honest = db.server.search(token.query(), VerificationMode.FILTERED);
    OxtResult lie = tamper(honest, rows -> rows.set(0, new OxtResult.Row(
        rows.get(0).label(), null, Hash.sha256(rows.get(0).value()), true, List.of())));
    assertRejected(VerificationMode.FILTERED, token, lie);
  }

  /** The documented limit of filtered mode: a lie about XSet membership goes unseen. */
  @Test
  void filteredModeCannotSeeAHiddenOrAFalseMatch() throws Exception {
    OxtToken token = aAndB();
    OxtResult honest = db.server.search(token.query(), VerificationMode.FILTERED);
    OxtResult hidden = tamper(honest, rows -> rows.set(0, new OxtResult.Row(
        rows.get(0).label(), null, Hash.sha256(rows.get(0).value()), false, List.of())));
    assertEquals(Set.of("record-2", "record-3", "record-4"),
        OxtFixture.open(token, verify(VerificationMode.FILTERED, token, hidden)));

    OxtResult strictForm = db.server.search(token.query(), VerificationMode.STRICT);
    OxtResult falseMatch = tamper(strictForm, rows -> rows.set(6, withMatch(rows.get(6), true, List.of())));
    assertTrue(OxtFixture.open(token, verify(VerificationMode.FILTERED, token, falseMatch)).contains("record-7"));
  }

  @Test
  void strictModeRejectsAHiddenMatch() {
    OxtToken token = aAndB();
    OxtResult honest = db.server.search(token.query(), VerificationMode.STRICT);
    // Flag a match as a non-match but keep its (membership) proof.
    assertRejected(VerificationMode.STRICT, token,
        tamper(honest, rows -> rows.set(0, withMatch(rows.get(0), false, rows.get(0).proofs()))));
    // Or borrow the absence proof of a real non-match.
    List<XSetProof> absence = honest.rows().get(6).proofs();
    assertRejected(VerificationMode.STRICT, token,
        tamper(honest, rows -> rows.set(0, withMatch(rows.get(0), false, absence))));
    // Or give no proof at all.
    assertRejected(VerificationMode.STRICT, token,
        tamper(honest, rows -> rows.set(0, withMatch(rows.get(0), false, List.of()))));
  }

  @Test
  void strictModeRejectsAFalseMatch() {
    OxtToken token = aAndB();
    OxtResult honest = db.server.search(token.query(), VerificationMode.STRICT);
    assertRejected(VerificationMode.STRICT, token,
        tamper(honest, rows -> rows.set(6, withMatch(rows.get(6), true, rows.get(6).proofs()))));
    List<XSetProof> membership = honest.rows().get(0).proofs();
    assertRejected(VerificationMode.STRICT, token,
        tamper(honest, rows -> rows.set(6, withMatch(rows.get(6), true, membership))));
  }

  @Test
  void strictModeRejectsAFalseMatchInAThreeTermQuery() throws Exception {
    // s-term C (records 1, 2, 30); record-30 has neither A nor B.
    OxtToken token = db.owner.token(C, db.state(C), List.of(A, B));
    OxtResult honest = db.server.search(token.query(), VerificationMode.STRICT);
    assertEquals(Set.of("record-1", "record-2"), OxtFixture.open(token,
        OxtVerifier.verifyStrict(token.query(), db.state(C), db.server.xsetRoot(), honest)));
    List<XSetProof> twoMemberships = honest.rows().get(0).proofs();
    OxtResult lie = tamper(honest, rows -> rows.set(2, withMatch(rows.get(2), true, twoMemberships)));
    assertThrows(OxtVerificationException.class,
        () -> OxtVerifier.verifyStrict(token.query(), db.state(C), db.server.xsetRoot(), lie));
  }

  @Test
  void strictModeRejectsProofsAgainstAStaleXSet() throws Exception {
    OxtToken before = aAndB();
    Hash oldRoot = db.server.xsetRoot();
    OxtResult oldAnswer = db.server.search(before.query(), VerificationMode.STRICT);
    db.add(B, "record-5");
    // The owner's newest root; the server answers from the XSet as it was (record-5 hidden).
    Hash newRoot = db.server.xsetRoot();
    assertThrows(OxtVerificationException.class,
        () -> OxtVerifier.verifyStrict(before.query(), db.state(A), newRoot, oldAnswer));
    // With the old root the old answer is, correctly, the old truth.
    assertEquals(4, OxtVerifier.verifyStrict(before.query(), db.state(A), oldRoot, oldAnswer).size());
  }

  @Test
  void strictModeRejectsATamperedProof() {
    OxtToken token = aAndB();
    OxtResult honest = db.server.search(token.query(), VerificationMode.STRICT);
    XSetProof proof = honest.rows().get(6).proofs().get(0);
    List<Hash> siblings = new ArrayList<>(proof.siblings());
    byte[] flipped = siblings.get(0).toByteArray();
    flipped[0] ^= 1;
    siblings.set(0, Hash.of(flipped));
    XSetProof bent = XSetProof.of(siblings, proof.terminalKey());
    assertRejected(VerificationMode.STRICT, token,
        tamper(honest, rows -> rows.set(6, withMatch(rows.get(6), false, List.of(bent)))));
  }
}
