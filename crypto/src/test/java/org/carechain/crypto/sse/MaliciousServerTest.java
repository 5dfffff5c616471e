package org.carechain.crypto.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sse.SearchFixture.Token;
import org.carechain.crypto.sse.SearchFixture.Update;
import org.carechain.crypto.sse.SearchVerificationException.Check;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A server (or anyone between owner, server and user) that lies is caught, by the check that
 * should catch it, before anything is decrypted; and the failure message names neither keyword nor
 * label.
 */
class MaliciousServerTest {

  private static final String KEYWORD_A = "code=44054006";
  private static final String KEYWORD_B = "code=38341003";
  private static final String ABSENT = "code=00000000";
  private static final int ENTRIES = 12;

  private SearchFixture fixture;
  private Token tokenA;
  private List<Entry> answerA;

  @BeforeEach
  void twoEpochsOfTwoKeywords() {
    fixture = new SearchFixture(99);
    for (int epoch = 0; epoch < 2; epoch++) {
      List<Update> updates = new ArrayList<>();
      for (int i = 0; i < ENTRIES / 2; i++) {
        updates.add(new Update(SecurityLabel.N, KEYWORD_A, Posting.add("Observation/a" + epoch + i)));
        updates.add(new Update(SecurityLabel.N, KEYWORD_B, Posting.add("Observation/b" + epoch + i)));
      }
      fixture.applyEpoch(updates);
    }
    tokenA = fixture.token(SecurityLabel.N, KEYWORD_A);
    answerA = fixture.server.search(tokenA.labels());
  }

  @Test
  void honestAnswerVerifiesAndDecrypts() {
    assertEquals(ENTRIES, answerA.size());
    VerifiedResult result = fixture.verify(tokenA, answerA);
    List<String> refs = SearchResults.decrypt(tokenA.key(), result);
    assertEquals(ENTRIES, refs.size());
    assertEquals("Observation/a00", refs.get(0));
  }

  @Test
  void signedAbsenceVerifies() {
    Token absent = fixture.token(SecurityLabel.N, ABSENT);
    assertEquals(0, absent.statement().count());
    assertTrue(SearchResults.decrypt(absent.key(), fixture.verify(absent, List.of())).isEmpty());
  }

  @Test
  void dropsOneResult() {
    List<Entry> dropped = new ArrayList<>(answerA);
    dropped.remove(5);
    assertRejected(Check.COMPLETENESS, () -> fixture.verify(tokenA, dropped), "returned 11 entries");
  }

  @Test
  void addsAForgedEntry() {
    List<Entry> extra = new ArrayList<>(answerA);
    extra.add(new Entry(randomBytes(32), randomBytes(60)));
    assertRejected(Check.VALIDITY, () -> fixture.verify(tokenA, extra), "returned 13 entries");
  }

  @Test
  void replacesAnEntryWithAForgedOneUnderTheSameLabel() {
    List<Entry> forged = new ArrayList<>(answerA);
    forged.set(3, new Entry(answerA.get(3).label(), randomBytes(answerA.get(3).value().length)));
    assertRejected(Check.VALIDITY, () -> fixture.verify(tokenA, forged), "does not reach the signed digest");
  }

  @Test
  void altersOneValueByte() {
    List<Entry> altered = new ArrayList<>(answerA);
    byte[] value = answerA.get(7).value();
    value[value.length - 1] ^= 1;
    altered.set(7, new Entry(answerA.get(7).label(), value));
    assertRejected(Check.VALIDITY, () -> fixture.verify(tokenA, altered),
        "the chain over 12 entries does not reach the signed digest");
  }

  @Test
  void reordersTwoEntries() {
    List<Entry> reordered = new ArrayList<>(answerA);
    Collections.swap(reordered, 2, 8);
    assertRejected(Check.VALIDITY, () -> fixture.verify(tokenA, reordered), "entry 3 does not match the token's label");
  }

  @Test
  void truncatesTheResult() {
    assertRejected(Check.COMPLETENESS, () -> fixture.verify(tokenA, answerA.subList(0, 5)),
        "returned 5 entries but the statement counts 12");
  }

  @Test
  void claimsAbsenceOfAPresentKeyword() {
    assertRejected(Check.COMPLETENESS, () -> fixture.verify(tokenA, List.of()), "returned 0 entries");
  }

  @Test
  void forgesASignedAbsence() {
    KeywordStatement real = tokenA.statement();
    KeywordStatement absence = new KeywordStatement(real.owner(), real.ownerKeyId(), real.keywordTag(), 0,
        KeywordState.EMPTY.digest(), real.epoch(), real.issuedAtMillis(), real.expiresAtMillis(), real.signature());
    Token forged = new Token(List.of(), absence, tokenA.key());
    assertRejected(Check.AUTHENTICITY, () -> fixture.verify(forged, List.of()), "signature does not verify");
  }

  @Test
  void swapsTwoKeywordsAnswers() {
    Token tokenB = fixture.token(SecurityLabel.N, KEYWORD_B);
    List<Entry> answerB = fixture.server.search(tokenB.labels());
    assertEquals(answerA.size(), answerB.size());
    assertRejected(Check.VALIDITY, () -> fixture.verify(tokenA, answerB), "entry 1 does not match the token's label");
    // With B's statement as well, the statement is about another keyword than the one asked for.
    Token swapped = new Token(tokenB.labels(), tokenB.statement(), tokenA.key());
    assertRejected(Check.AUTHENTICITY, () -> fixture.verify(swapped, answerB), "different keyword");
  }

  @Test
  void replaysTheResultOfAnOldEpoch() {
    Token oldToken = tokenA;
    List<Entry> oldAnswer = answerA;
    fixture.applyEpoch(List.of(new Update(SecurityLabel.N, KEYWORD_A, Posting.del("Observation/a00"))));
    // The old statement and its entries, replayed after epoch 3 was anchored.
    assertRejected(Check.FRESHNESS, () -> fixture.verify(oldToken, oldAnswer),
        "the statement is for epoch 2 but epoch 3 is the latest anchored");
    // The old entries against the new statement: the newest entry is missing.
    Token newToken = fixture.token(SecurityLabel.N, KEYWORD_A);
    assertRejected(Check.COMPLETENESS, () -> fixture.verify(newToken, oldAnswer), "returned 12 entries");
    assertEquals(ENTRIES - 1, fixture.search(SecurityLabel.N, KEYWORD_A).size());
  }

  @Test
  void statementForAnEpochNeverAnchored() {
    KeywordKeys keys = fixture.masterKeys.keywordKeys(SecurityLabel.N, KEYWORD_A);
    KeywordStatement ahead = KeywordStatement.sign(fixture.ownerKey, SearchFixture.OWNER, keys.tag(),
        tokenA.statement().state(), fixture.epoch + 1, SearchFixture.NOW, SearchFixture.VALIDITY);
    Token token = new Token(tokenA.labels(), ahead, tokenA.key());
    assertRejected(Check.FRESHNESS, () -> fixture.verify(token, answerA),
        "epoch 3, which was never anchored (epoch 2 is the latest anchored)");
  }

  @Test
  void statementSignedByAKeyNotTheOwners() {
    Ed25519PrivateKey impostor = Ed25519PrivateKey.generate(fixture.random);
    KeywordStatement byImpostor = KeywordStatement.sign(impostor, SearchFixture.OWNER, tokenA.statement().keywordTag(),
        tokenA.statement().state(), fixture.epoch, SearchFixture.NOW, SearchFixture.VALIDITY);
    assertRejected(Check.AUTHENTICITY,
        () -> fixture.verify(new Token(tokenA.labels(), byImpostor, tokenA.key()), answerA),
        "the owner's pinned key is " + fixture.ownerKey.keyId());
    // The impostor claims the owner's key id: the signature does not verify.
    KeywordStatement claimed = new KeywordStatement(SearchFixture.OWNER, fixture.ownerKey.keyId().hex(),
        byImpostor.keywordTag(), byImpostor.count(), byImpostor.digest(), byImpostor.epoch(),
        byImpostor.issuedAtMillis(), byImpostor.expiresAtMillis(), byImpostor.signature());
    assertRejected(Check.AUTHENTICITY,
        () -> fixture.verify(new Token(tokenA.labels(), claimed, tokenA.key()), answerA), "signature does not verify");
  }

  @Test
  void statementFromAnotherOwner() {
    assertRejected(Check.AUTHENTICITY,
        () -> SearchVerifier.verify(tokenA.statement(), fixture.ownerKey.publicKey(), "hospital2", tokenA.key().tag(),
            tokenA.labels(), answerA, fixture.epoch, SearchFixture.NOW, SearchFixture.SKEW),
        "from owner 'hospital1'");
  }

  @Test
  void expiredStatement() {
    Instant late = SearchFixture.NOW.plus(SearchFixture.VALIDITY).plus(SearchFixture.SKEW).plusMillis(1);
    assertRejected(Check.FRESHNESS, () -> verifyAt(tokenA, answerA, late), "expired 30001 ms ago, beyond the allowed clock skew of 30000 ms");
    // Within the skew it still verifies.
    verifyAt(tokenA, answerA, late.minusMillis(1));
  }

  @Test
  void statementFromTheFuture() {
    Instant future = SearchFixture.NOW.plus(SearchFixture.SKEW).plusSeconds(1);
    Token early = fixture.token(SecurityLabel.N, KEYWORD_A, future);
    assertRejected(Check.FRESHNESS, () -> fixture.verify(early, answerA), "1000 ms in the future");
  }

  @Test
  void tokenThatDoesNotCoverTheStatement() {
    Token shortToken = new Token(tokenA.labels().subList(0, 11), tokenA.statement(), tokenA.key());
    assertRejected(Check.COMPLETENESS, () -> fixture.verify(shortToken, answerA.subList(0, 11)),
        "the token has 11 labels but the statement counts 12");
  }

  @Test
  void decryptionRequiresTheKeyOfTheVerifiedKeyword() {
    Token tokenB = fixture.token(SecurityLabel.N, KEYWORD_B);
    VerifiedResult resultA = fixture.verify(tokenA, answerA);
    assertThrows(IllegalArgumentException.class, () -> SearchResults.decrypt(tokenB.key(), resultA));
  }

  private VerifiedResult verifyAt(Token token, List<Entry> returned, Instant now) {
    return SearchVerifier.verify(token.statement(), fixture.ownerKey.publicKey(), SearchFixture.OWNER,
        token.key().tag(), token.labels(), returned, fixture.latestAnchor.epoch(), now, SearchFixture.SKEW);
  }

  private void assertRejected(Check check, Executable verification, String messagePart) {
    SearchVerificationException e = assertThrows(SearchVerificationException.class, verification);
    assertEquals(check, e.check(), e.getMessage());
    assertTrue(e.getMessage().contains(messagePart), "message was: " + e.getMessage());
    for (String keyword : List.of(KEYWORD_A, KEYWORD_B, ABSENT, "44054006", "38341003")) {
      assertFalse(e.getMessage().contains(keyword), e.getMessage());
    }
    HexFormat hex = HexFormat.of();
    for (byte[] label : tokenA.labels()) {
      assertFalse(e.getMessage().contains(hex.formatHex(label).substring(0, 16)), e.getMessage());
    }
    assertFalse(e.getMessage().contains(hex.formatHex(tokenA.key().encryptionKey())), e.getMessage());
    assertFalse(e.getMessage().contains(tokenA.key().tag().toHex().substring(0, 16)), e.getMessage());
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    fixture.random.nextBytes(bytes);
    return bytes;
  }
}
