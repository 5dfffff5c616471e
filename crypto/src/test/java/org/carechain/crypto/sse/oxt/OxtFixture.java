package org.carechain.crypto.sse.oxt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import javax.crypto.AEADBadTagException;
import org.carechain.crypto.sse.KeywordState;
import org.carechain.crypto.sse.SecurityLabel;
import org.carechain.crypto.testing.SeededSecureRandom;

/**
 * A seeded random database indexed by an owner into a server, beside its plaintext reference:
 * keyword → set of record ids. Keywords look like {@code code=<digits>} and ids like
 * {@code record-<digits>}, so a plaintext scan has something recognisable to look for.
 */
final class OxtFixture {

  final long seed;
  final SplittableRandom random;
  final SeededSecureRandom secureRandom;
  final OxtOwner owner;
  final OxtIndex server = new OxtIndex();
  final Map<String, KeywordState> states = new HashMap<>();
  final Map<String, Set<String>> reference = new HashMap<>();
  final List<String> keywords = new ArrayList<>();
  final List<String> ids = new ArrayList<>();

  OxtFixture(long seed, int keywordCount, int idCount) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.secureRandom = new SeededSecureRandom(seed ^ 0x5eed);
    byte[] master = new byte[OxtKeys.MASTER_KEY_SIZE];
    random.nextBytes(master);
    this.owner = OxtOwner.create(OxtKeys.derive(SecurityLabel.N, master));
    for (int k = 0; k < keywordCount; k++) {
      keywords.add("code=" + (44054006 + 7919L * k));
    }
    for (int i = 0; i < idCount; i++) {
      ids.add("record-" + (900000 + 31 * i));
    }
  }

  /** Adds {@code pairs} new random pairs (never a pair already present) in batches. */
  OxtFixture addRandomPairs(int pairs, int batches) {
    int perBatch = (pairs + batches - 1) / batches;
    int added = 0;
    while (added < pairs) {
      List<OxtPair> batch = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      while (batch.size() < Math.min(perBatch, pairs - added)) {
        // Skewed keyword choice, so counts differ and the s-term choice matters.
        String keyword = keywords.get((int) Math.floor(keywords.size() * Math.pow(random.nextDouble(), 2)));
        String id = ids.get(random.nextInt(ids.size()));
        if (reference.getOrDefault(keyword, Set.of()).contains(id) || !seen.add(keyword + "\n" + id)) {
          continue;
        }
        batch.add(new OxtPair(keyword, bytes(id)));
      }
      apply(batch);
      added += batch.size();
    }
    return this;
  }

  void add(String keyword, String id) {
    apply(List.of(new OxtPair(keyword, bytes(id))));
  }

  void apply(List<OxtPair> batch) {
    OxtUpdate update = owner.addAll(batch, states, secureRandom);
    server.apply(update.entries(), update.xtags());
    states.putAll(update.states());
    for (OxtPair pair : batch) {
      reference.computeIfAbsent(pair.keyword(), k -> new HashSet<>()).add(string(pair.id()));
    }
  }

  KeywordState state(String keyword) {
    return states.getOrDefault(keyword, KeywordState.EMPTY);
  }

  long count(String keyword) {
    return state(keyword).count();
  }

  /** The plaintext answer to the conjunction of {@code terms}. */
  Set<String> expected(List<String> terms) {
    Set<String> answer = new HashSet<>(reference.getOrDefault(terms.get(0), Set.of()));
    for (String term : terms.subList(1, terms.size())) {
      answer.retainAll(reference.getOrDefault(term, Set.of()));
    }
    return answer;
  }

  /** {@code size} distinct random keywords. */
  List<String> randomTerms(int size) {
    Set<String> terms = new LinkedHashSet<>();
    while (terms.size() < size) {
      terms.add(keywords.get(random.nextInt(keywords.size())));
    }
    return new ArrayList<>(terms);
  }

  OxtToken token(String sTerm, List<String> terms) {
    List<String> xTerms = new ArrayList<>(terms);
    xTerms.remove(sTerm);
    return owner.token(sTerm, state(sTerm), xTerms);
  }

  /** Searches, verifies in {@code mode} and decrypts: the answer as the user sees it. */
  Set<String> search(String sTerm, List<String> terms, VerificationMode mode) throws Exception {
    OxtToken token = token(sTerm, terms);
    OxtResult result = server.search(token.query(), mode);
    List<OxtMatch> matches = mode == VerificationMode.STRICT
        ? OxtVerifier.verifyStrict(token.query(), state(sTerm), server.xsetRoot(), result)
        : OxtVerifier.verifyFiltered(token.query(), state(sTerm), result);
    return open(token, matches);
  }

  static Set<String> open(OxtToken token, List<OxtMatch> matches) throws AEADBadTagException {
    Set<String> answer = new HashSet<>();
    for (OxtMatch match : matches) {
      answer.add(string(token.entryKey().open(match)));
    }
    return answer;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String string(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
