package org.carechain.crypto.sse;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.carechain.crypto.Hash;
import org.carechain.crypto.Sha256;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.crypto.sse.SearchVerificationException.Check;

/**
 * The user's check of a single-keyword search result, before anything in it is decrypted. Pure and
 * thread-safe; the clock is passed in.
 *
 * <p>In this order, stopping at the first failure:
 *
 * <ol>
 *   <li><b>Authenticity</b>: the statement names the expected owner and the owner's pinned key id,
 *       its Ed25519 signature verifies under that key, and it is about the keyword tag the user
 *       asked for.
 *   <li><b>Freshness</b>: {@code expiresAt >= issuedAt}, {@code issuedAt <= now + skew},
 *       {@code now <= expiresAt + skew}, and the statement's epoch is the latest anchored epoch,
 *       which the caller read through the ledger's verified tree head, never from the server.
 *   <li><b>Completeness</b>: the token has exactly {@code count} labels and the server returned
 *       at least {@code count} entries.
 *   <li><b>Validity</b>: no more than {@code count} entries; entry {@code c} carries the token's
 *       label {@code L_c}; and the chain {@code d_c = SHA-256(d_{c-1} || L_c || SHA-256(value_c))}
 *       from {@code d_0 = 0^32} reaches the signed digest, which proves every value unaltered.
 * </ol>
 *
 * A count of zero with no entries verifies: it is the owner's signed statement that the keyword
 * has no entries.
 */
public final class SearchVerifier {

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Sha256::newDigest);

  private SearchVerifier() {}

  /**
   * Verifies a result and returns it wrapped for decryption.
   *
   * @param statement the owner's statement issued with the token
   * @param ownerKey the owner's public key as pinned in the consortium configuration
   * @param expectedOwner the owner the user asked
   * @param expectedTag the tag of the keyword the user asked for, as issued with the token
   * @param tokenLabels the token: {@code L_1 .. L_count}
   * @param returned what the server returned, in the order of the token
   * @param latestAnchoredEpoch the newest epoch the owner anchored on the ledger
   * @param now the current time
   * @param allowedSkew how far the owner's clock may differ from the user's
   * @throws SearchVerificationException naming the check that failed
   * @throws IllegalArgumentException if {@code allowedSkew} is negative
   */
  public static VerifiedResult verify(
      KeywordStatement statement,
      Ed25519PublicKey ownerKey,
      String expectedOwner,
      Hash expectedTag,
      List<byte[]> tokenLabels,
      List<Entry> returned,
      long latestAnchoredEpoch,
      Instant now,
      Duration allowedSkew) {
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(ownerKey, "ownerKey");
    Objects.requireNonNull(expectedOwner, "expectedOwner");
    Objects.requireNonNull(expectedTag, "expectedTag");
    Objects.requireNonNull(tokenLabels, "tokenLabels");
    Objects.requireNonNull(returned, "returned");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(allowedSkew, "allowedSkew");
    if (allowedSkew.isNegative()) {
      throw new IllegalArgumentException("the allowed clock skew must not be negative");
    }
    checkAuthenticity(statement, ownerKey, expectedOwner, expectedTag);
    checkFreshness(statement, latestAnchoredEpoch, now, allowedSkew);
    checkEntries(statement, tokenLabels, returned);
    return new VerifiedResult(statement, returned);
  }

  private static void checkAuthenticity(
      KeywordStatement statement, Ed25519PublicKey ownerKey, String expectedOwner, Hash expectedTag) {
    if (!statement.owner().equals(expectedOwner)) {
      throw fail(Check.AUTHENTICITY, "the statement is from owner '" + statement.owner()
          + "' but the search was sent to owner '" + expectedOwner + "'");
    }
    String pinnedKeyId = ownerKey.keyId().hex();
    if (!statement.ownerKeyId().equals(pinnedKeyId)) {
      throw fail(Check.AUTHENTICITY, "the statement names signing key " + statement.ownerKeyId()
          + " but the owner's pinned key is " + pinnedKeyId);
    }
    if (!statement.verify(ownerKey)) {
      throw fail(Check.AUTHENTICITY, "the statement's signature does not verify under the owner's key");
    }
    if (!statement.keywordTag().equals(expectedTag)) {
      throw fail(Check.AUTHENTICITY, "the statement is about a different keyword than the one searched for");
    }
  }

  private static void checkFreshness(
      KeywordStatement statement, long latestAnchoredEpoch, Instant now, Duration allowedSkew) {
    long skew = allowedSkew.toMillis();
    long nowMillis = now.toEpochMilli();
    if (statement.expiresAtMillis() < statement.issuedAtMillis()) {
      throw fail(Check.FRESHNESS, "the statement expires before it was issued");
    }
    if (statement.issuedAtMillis() - nowMillis > skew) {
      throw fail(Check.FRESHNESS, "the statement is issued " + (statement.issuedAtMillis() - nowMillis)
          + " ms in the future, beyond the allowed clock skew of " + skew + " ms");
    }
    if (nowMillis - statement.expiresAtMillis() > skew) {
      throw fail(Check.FRESHNESS, "the statement expired " + (nowMillis - statement.expiresAtMillis())
          + " ms ago, beyond the allowed clock skew of " + skew + " ms");
    }
    if (statement.epoch() > latestAnchoredEpoch) {
      throw fail(Check.FRESHNESS, "the statement is for epoch " + statement.epoch()
          + ", which was never anchored (epoch " + latestAnchoredEpoch + " is the latest anchored)");
    }
    if (statement.epoch() < latestAnchoredEpoch) {
      throw fail(Check.FRESHNESS, "the statement is for epoch " + statement.epoch() + " but epoch "
          + latestAnchoredEpoch + " is the latest anchored");
    }
  }

  private static void checkEntries(KeywordStatement statement, List<byte[]> tokenLabels, List<Entry> returned) {
    long count = statement.count();
    if (tokenLabels.size() != count) {
      throw fail(Check.COMPLETENESS, "the token has " + tokenLabels.size()
          + " labels but the statement counts " + count + " entries");
    }
    if (returned.size() < count) {
      throw fail(Check.COMPLETENESS, "the server returned " + returned.size()
          + " entries but the statement counts " + count);
    }
    if (returned.size() > count) {
      throw fail(Check.VALIDITY, "the server returned " + returned.size()
          + " entries but the statement counts only " + count);
    }
    MessageDigest sha = SHA256.get();
    sha.reset();
    byte[] chain = new byte[Hash.SIZE];
    byte[] valueHash = new byte[Hash.SIZE];
    for (int i = 0; i < returned.size(); i++) {
      Entry entry = Objects.requireNonNull(returned.get(i), "returned entry");
      byte[] label = entry.label();
      if (!Arrays.equals(label, tokenLabels.get(i))) {
        throw fail(Check.VALIDITY, "entry " + (i + 1) + " does not match the token's label");
      }
      sha.update(entry.value());
      digestInto(sha, valueHash);
      sha.update(chain);
      sha.update(label);
      sha.update(valueHash);
      digestInto(sha, chain);
    }
    if (!statement.digest().contentEquals(chain)) {
      throw fail(Check.VALIDITY, "the chain over " + count + " entries does not reach the signed digest"
          + " (an entry value was altered)");
    }
  }

  private static void digestInto(MessageDigest sha, byte[] out) {
    try {
      sha.digest(out, 0, out.length);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
    }
  }

  private static SearchVerificationException fail(Check check, String message) {
    return new SearchVerificationException(check, message);
  }
}
