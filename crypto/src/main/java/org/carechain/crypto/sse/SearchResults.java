package org.carechain.crypto.sse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.carechain.crypto.sse.SearchVerificationException.Check;

/** The user's last step: decrypting a verified result into the record refs that match. */
public final class SearchResults {

  private SearchResults() {}

  /**
   * Decrypts the entries of {@code result} in counter order and resolves them: an ADD puts its
   * record in the result (where it already is, it stays at its first position), a DEL takes it out
   * again, and a later ADD puts it back at the end.
   *
   * @throws IllegalArgumentException if {@code key} is for another keyword than the result
   * @throws SearchVerificationException ({@link Check#VALIDITY}) if an entry does not decrypt under
   *     the key: the owner signed it, so either the key given out or the owner's index is wrong
   */
  public static List<String> decrypt(UserKeywordKey key, VerifiedResult result) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(result, "result");
    if (!key.tag().equals(result.statement().keywordTag())) {
      throw new IllegalArgumentException("the key is for a different keyword than the verified result");
    }
    SecretKeySpec valueKey = EntryCipher.valueKey(key.encryptionKeyNoCopy());
    Set<String> present = new LinkedHashSet<>();
    List<Entry> entries = result.entries();
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      Posting posting;
      try {
        posting = EntryCipher.open(valueKey, entry.label(), entry.value());
      } catch (EntryDecryptionException e) {
        throw new SearchVerificationException(Check.VALIDITY,
            "entry " + (i + 1) + " does not decrypt under the keyword's key");
      }
      if (posting.op() == Op.ADD) {
        present.add(posting.recordRef());
      } else {
        present.remove(posting.recordRef());
      }
    }
    return new ArrayList<>(present);
  }
}
