package org.carechain.crypto.sse;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.testing.SeededSecureRandom;

/**
 * An owner, an honest {@link ServerIndex} and the latest anchor, driven by a seeded random and a
 * fixed clock, for the scheme-level tests.
 */
final class SearchFixture {

  static final String OWNER = "hospital1";
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Duration VALIDITY = Duration.ofMinutes(5);
  static final Duration SKEW = Duration.ofSeconds(30);

  final SeededSecureRandom random;
  final MasterKeys masterKeys;
  final Ed25519PrivateKey ownerKey;
  final ServerIndex server = new ServerIndex();
  final Map<Hash, KeywordState> states = new HashMap<>();
  long epoch;
  EpochAnchor latestAnchor;

  SearchFixture(long seed) {
    random = new SeededSecureRandom(seed);
    masterKeys = MasterKeys.generate(random);
    ownerKey = Ed25519PrivateKey.generate(random);
    latestAnchor = EpochAnchor.sign(ownerKey, OWNER, 0, server.head());
  }

  /** One update of a batch. */
  record Update(SecurityLabel label, String keyword, Posting posting) {}

  /** Builds, applies and anchors one epoch; returns the batch. */
  UpdateBatch applyEpoch(List<Update> updates) {
    UpdateBuilder builder = new UpdateBuilder(states::get, random);
    for (Update update : updates) {
      builder.add(masterKeys.keywordKeys(update.label(), update.keyword()), update.posting());
    }
    UpdateBatch batch = builder.build();
    TreeHead head = server.apply(batch.entries());
    states.putAll(batch.newStates());
    epoch++;
    latestAnchor = EpochAnchor.sign(ownerKey, OWNER, epoch, head);
    return batch;
  }

  /** What the owner hands a user for one keyword. */
  record Token(List<byte[]> labels, KeywordStatement statement, UserKeywordKey key) {}

  Token token(SecurityLabel label, String keyword) {
    return token(label, keyword, NOW);
  }

  Token token(SecurityLabel label, String keyword, Instant issuedAt) {
    KeywordKeys keys = masterKeys.keywordKeys(label, keyword);
    KeywordState state = states.getOrDefault(keys.tag(), KeywordState.EMPTY);
    KeywordStatement statement =
        KeywordStatement.sign(ownerKey, OWNER, keys.tag(), state, epoch, issuedAt, VALIDITY);
    return new Token(keys.labels(state.count()), statement, keys.userKey());
  }

  /** Verifies {@code returned} for {@code token} as a user would, at {@link #NOW}. */
  VerifiedResult verify(Token token, List<Entry> returned) {
    return SearchVerifier.verify(token.statement(), ownerKey.publicKey(), OWNER, token.key().tag(),
        token.labels(), returned, latestAnchor.epoch(), NOW, SKEW);
  }

  /** Token, honest server, verification and decryption. */
  List<String> search(SecurityLabel label, String keyword) {
    Token token = token(label, keyword);
    return SearchResults.decrypt(token.key(), verify(token, server.search(token.labels())));
  }
}
