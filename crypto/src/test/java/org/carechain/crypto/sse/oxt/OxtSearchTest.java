package org.carechain.crypto.sse.oxt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sse.Entry;
import org.carechain.crypto.sse.KeywordState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Conjunctive answers, verified and decrypted, against a plaintext reference index. */
class OxtSearchTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void randomConjunctionsEqualThePlaintextReference(long seed) throws Exception {
    OxtFixture db = new OxtFixture(seed, 12, 60).addRandomPairs(300, 3);
    for (int q = 0; q < 12; q++) {
      List<String> terms = db.randomTerms(2 + q % 2);
      String sTerm = OxtOwner.leastFrequent(terms, db::count);
      Set<String> expected = db.expected(terms);
      for (VerificationMode mode : VerificationMode.values()) {
        assertEquals(expected, db.search(sTerm, terms, mode),
            "seed " + seed + ", query " + q + ", " + terms.size() + " terms, mode " + mode);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void everyChoiceOfSTermGivesTheSameAnswer(long seed) throws Exception {
    OxtFixture db = new OxtFixture(seed, 8, 40).addRandomPairs(250, 2);
    for (int q = 0; q < 4; q++) {
      List<String> terms = db.randomTerms(3);
      Set<String> expected = db.expected(terms);
      for (String sTerm : terms) {
        assertEquals(expected, db.search(sTerm, terms, VerificationMode.STRICT),
            "seed " + seed + ", query " + q + ", s-term position " + terms.indexOf(sTerm));
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {21, 22})
  void theServerFlagsExactlyTheTrueMatchesAsMatches(long seed) throws Exception {
    OxtFixture db = new OxtFixture(seed, 10, 50).addRandomPairs(300, 1);
    int matchesSeen = 0;
    for (String a : db.keywords) {
      for (String b : db.keywords) {
        if (a.equals(b) || db.count(a) == 0) {
          continue;
        }
        OxtToken token = db.token(a, List.of(a, b));
        OxtResult result = db.server.search(token.query(), VerificationMode.FILTERED);
        List<OxtMatch> matches = OxtVerifier.verifyFiltered(token.query(), db.state(a), result);
        Set<String> ids = OxtFixture.open(token, matches);
        assertEquals(matches.size(), ids.size(), "seed " + seed + ": a record came back twice");
        assertEquals(db.expected(List.of(a, b)), ids, "seed " + seed + ": a false positive or a miss");
        matchesSeen += ids.size();
      }
    }
    assertTrue(matchesSeen > 0, "the data should produce some matches");
  }

  @ParameterizedTest
  @EnumSource(VerificationMode.class)
  void aSingleTermQueryReturnsEveryEntryOfTheTerm(VerificationMode mode) throws Exception {
    OxtFixture db = new OxtFixture(31, 5, 30).addRandomPairs(80, 2);
    String term = db.keywords.get(0);
    assertEquals(db.reference.get(term), db.search(term, List.of(term), mode));
  }

  @ParameterizedTest
  @EnumSource(VerificationMode.class)
  void anAbsentSTermGivesAVerifiedEmptyAnswer(VerificationMode mode) throws Exception {
    OxtFixture db = new OxtFixture(32, 5, 30).addRandomPairs(80, 1);
    String absent = "code=000000";
    assertEquals(Set.of(), db.search(absent, List.of(absent, db.keywords.get(0)), mode));
  }

  @Test
  void anOldTokenDoesNotReachEntriesAddedAfterIt() throws Exception {
    OxtFixture db = new OxtFixture(41, 4, 20);
    String a = db.keywords.get(0);
    String b = db.keywords.get(1);
    db.add(a, "record-1");
    db.add(b, "record-1");
    KeywordState before = db.state(a);
    OxtToken old = db.token(a, List.of(a, b));
    db.add(a, "record-2");
    db.add(b, "record-2");

    OxtResult oldAnswer = db.server.search(old.query(), VerificationMode.STRICT);
    assertEquals(Set.of("record-1"), OxtFixture.open(old,
        OxtVerifier.verifyStrict(old.query(), before, db.server.xsetRoot(), oldAnswer)));
    assertEquals(Set.of("record-1", "record-2"), db.search(a, List.of(a, b), VerificationMode.STRICT));
  }

  @Test
  void theVerifierChainIsTheKeywordStateChain() {
    OxtFixture db = new OxtFixture(51, 3, 20).addRandomPairs(40, 4);
    String term = db.keywords.get(0);
    OxtToken token = db.token(term, List.of(term));
    OxtResult result = db.server.search(token.query(), VerificationMode.STRICT);
    KeywordState recomputed = KeywordState.EMPTY;
    for (OxtResult.Row row : result.rows()) {
      recomputed = recomputed.next(new Entry(row.label(), row.value()));
    }
    assertEquals(db.state(term), recomputed);
  }

  @Test
  void anOwnerKeepingOnlyTheRootFollowsTheServersXSet() throws Exception {
    OxtFixture db = new OxtFixture(61, 6, 30);
    XSetTree serverSide = new XSetTree();
    Hash ownerRoot = serverSide.root();
    List<OxtPair> pairs = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      pairs.add(new OxtPair(db.keywords.get(i % 6), OxtFixture.bytes(db.ids.get(i % 30))));
    }
    OxtUpdate update = db.owner.addAll(pairs, db.states, db.secureRandom);
    for (Hash xtag : update.xtags()) {
      XSetProof proof = serverSide.prove(xtag);
      ownerRoot = proof.rootAfterInsert(ownerRoot, xtag);
      serverSide.insert(xtag);
      assertEquals(serverSide.root(), ownerRoot);
    }
    assertEquals(new HashSet<>(update.xtags()).size(), serverSide.size());
  }

  @Test
  void aBatchComesBackShuffledWithSortedXtags() {
    OxtFixture db = new OxtFixture(71, 3, 40);
    List<OxtPair> pairs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      pairs.add(new OxtPair(db.keywords.get(0), OxtFixture.bytes(db.ids.get(i))));
    }
    OxtUpdate update = db.owner.addAll(pairs, db.states, db.secureRandom);
    List<Hash> sorted = new ArrayList<>(update.xtags());
    sorted.sort(null);
    assertEquals(sorted, update.xtags());
    // In counter order the entries would chain to the state; shuffled, they must not.
    KeywordState inGivenOrder = KeywordState.EMPTY;
    for (Entry entry : update.entries()) {
      inGivenOrder = inGivenOrder.next(entry);
    }
    assertFalse(inGivenOrder.equals(update.states().get(db.keywords.get(0))));
    assertEquals(40, update.states().get(db.keywords.get(0)).count());
  }
}
