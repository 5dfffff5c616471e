package org.carechain.crypto.sse;

import java.util.List;

/**
 * A search result that passed {@link SearchVerifier#verify}: the owner's statement and the
 * entries in counter order. Only the verifier creates one, so {@link SearchResults#decrypt}, which
 * takes nothing else, never decrypts an unverified result.
 */
public final class VerifiedResult {

  private final KeywordStatement statement;
  private final List<Entry> entries;

  VerifiedResult(KeywordStatement statement, List<Entry> entries) {
    this.statement = statement;
    this.entries = List.copyOf(entries);
  }

  /** The statement the entries were verified against. */
  public KeywordStatement statement() {
    return statement;
  }

  /** The entries, {@code L_1 .. L_count} in counter order. */
  public List<Entry> entries() {
    return entries;
  }

  @Override
  public String toString() {
    return "VerifiedResult{" + statement + ", entries=" + entries.size() + "}";
  }
}
