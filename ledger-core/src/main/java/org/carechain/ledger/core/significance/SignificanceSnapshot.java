package org.carechain.ledger.core.significance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.carechain.crypto.Hash;

/**
 * The significance table at one height, immutable: every provider with s(k) &gt; 0, ascending by
 * id. Providers absent from the table have significance zero.
 *
 * <p>The ledger stores one per height; exact values round-trip through {@link Rational#toString}
 * and {@link Rational#parse}.
 */
public final class SignificanceSnapshot {

  private static final SignificanceSnapshot EMPTY = of(Map.of());

  private final SortedMap<String, ProviderSignificance> byProvider;
  private final SortedMap<String, Long> nanoByProvider;
  private final Hash root;

  private SignificanceSnapshot(SortedMap<String, ProviderSignificance> byProvider) {
    this.byProvider = Collections.unmodifiableSortedMap(byProvider);
    SortedMap<String, Long> nano = new TreeMap<>();
    byProvider.forEach((provider, row) -> nano.put(provider, row.nano()));
    this.nanoByProvider = Collections.unmodifiableSortedMap(nano);
    this.root = SignificanceRoot.of(nanoByProvider);
  }

  public static SignificanceSnapshot empty() {
    return EMPTY;
  }

  /**
   * A snapshot of exact values, e.g. read back from storage.
   *
   * @throws IllegalArgumentException if a value is not positive (zero rows are left out, not
   *     stored) or an id is invalid
   */
  public static SignificanceSnapshot of(Map<String, Rational> exactByProvider) {
    Objects.requireNonNull(exactByProvider, "exactByProvider");
    SortedMap<String, ProviderSignificance> rows = new TreeMap<>();
    exactByProvider.forEach((provider, exact) -> {
      ProviderSignificance row = new ProviderSignificance(provider, exact);
      if (exact.signum() == 0) {
        throw new IllegalArgumentException(
            "significance of " + provider + " is zero; zero rows are not part of the table");
      }
      rows.put(provider, row);
    });
    return new SignificanceSnapshot(rows);
  }

  /** The rows, ascending by provider id. */
  public List<ProviderSignificance> rows() {
    return Collections.unmodifiableList(new ArrayList<>(byProvider.values()));
  }

  /** s(k) exactly; zero for a provider not in the table. */
  public Rational exact(String provider) {
    ProviderSignificance row = byProvider.get(provider);
    return row == null ? Rational.ZERO : row.exact();
  }

  /** s(k) in nano units; zero for a provider not in the table. */
  public long nano(String provider) {
    return nanoByProvider.getOrDefault(provider, 0L);
  }

  /** The rounded table, ascending by provider id: what the root commits to. */
  public SortedMap<String, Long> nanoByProvider() {
    return nanoByProvider;
  }

  public Hash root() {
    return root;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignificanceSnapshot that && byProvider.equals(that.byProvider);
  }

  @Override
  public int hashCode() {
    return byProvider.hashCode();
  }

  @Override
  public String toString() {
    return "SignificanceSnapshot" + nanoByProvider + " root=" + root;
  }
}
