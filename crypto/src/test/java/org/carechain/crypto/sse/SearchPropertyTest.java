package org.carechain.crypto.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.carechain.crypto.sse.SearchFixture.Update;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For seeded random add/delete sequences over several keywords and two security labels, every
 * search (token, honest server, verification, decryption) equals a plaintext reference index, after
 * every epoch. To replay a failure, run the case with its seed.
 */
class SearchPropertyTest {

  private static final int SEEDS = 25;
  private static final int EPOCHS = 6;
  private static final int MAX_UPDATES_PER_EPOCH = 40;
  private static final List<SecurityLabel> SECURITY_LABELS = List.of(SecurityLabel.N, SecurityLabel.R);
  private static final List<String> KEYWORDS = List.of(
      "code=44054006", "code=38341003", "code=73211009", "type=Observation", "type=Condition",
      "date=2026-03", "code=unused");
  private static final int REFS = 15;

  static LongStream seeds() {
    return new SplittableRandom(20_260_301L).longs(SEEDS);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void decryptedAnswersEqualThePlaintextIndex(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    SearchFixture fixture = new SearchFixture(seed);
    Map<String, LinkedHashSet<String>> reference = new HashMap<>();

    for (int epoch = 1; epoch <= EPOCHS; epoch++) {
      int updates = random.nextInt(MAX_UPDATES_PER_EPOCH + 1);
      List<Update> batch = new ArrayList<>();
      for (int i = 0; i < updates; i++) {
        SecurityLabel label = SECURITY_LABELS.get(random.nextInt(SECURITY_LABELS.size()));
        // The last keyword is never updated, so some searches are always for an absent keyword.
        String keyword = KEYWORDS.get(random.nextInt(KEYWORDS.size() - 1));
        String ref = "Observation/" + random.nextInt(REFS);
        LinkedHashSet<String> present = reference.computeIfAbsent(label + "|" + keyword, k -> new LinkedHashSet<>());
        // Deletes of absent refs and repeated adds are legal and must resolve like the reference.
        Posting posting = random.nextInt(3) == 0 ? Posting.del(ref) : Posting.add(ref);
        if (posting.op() == Op.ADD) {
          present.add(ref);
        } else {
          present.remove(ref);
        }
        batch.add(new Update(label, keyword, posting));
      }
      fixture.applyEpoch(batch);

      for (SecurityLabel label : SECURITY_LABELS) {
        for (String keyword : KEYWORDS) {
          List<String> expected = new ArrayList<>(reference.getOrDefault(label + "|" + keyword, new LinkedHashSet<>()));
          assertEquals(expected, fixture.search(label, keyword),
              "seed " + seed + ", epoch " + epoch + ", " + label + " " + keyword);
        }
      }
    }
  }
}
