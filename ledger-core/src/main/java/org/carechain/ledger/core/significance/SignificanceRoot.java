package org.carechain.ledger.core.significance;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.Ids;

/**
 * The significance-state root carried in every block header.
 *
 * <p>Layout, in {@link CanonicalEncoder} terms:
 *
 * <pre>
 * forDomain("carechain/ledger/significance-root/v1")
 *   writeCount(N)                       N rows, ascending provider id
 *   N × ( writeString(provider)         UTF-8, 4-byte length prefix
 *         writeInt64(significanceNano) ) 8 bytes, big-endian
 * sha256()
 * </pre>
 *
 * <p>Only the rounded values are committed: a client holding the table from {@code
 * GetSignificance} can recompute the root without any rational arithmetic.
 */
public final class SignificanceRoot {

  /** Names this layout; a layout change needs a new tag. */
  public static final String DOMAIN = "carechain/ledger/significance-root/v1";

  private SignificanceRoot() {}

  /**
   * The root of a table of (provider, significance in nano units).
   *
   * @param nanoByProvider sorted by provider id in natural order (which, for valid ids, is also
   *     the order of their UTF-8 bytes)
   * @throws IllegalArgumentException if the map does not use natural order, an id is invalid or a
   *     value is negative
   */
  public static Hash of(SortedMap<String, Long> nanoByProvider) {
    Objects.requireNonNull(nanoByProvider, "nanoByProvider");
    if (nanoByProvider.comparator() != null) {
      throw new IllegalArgumentException("the table must be sorted by provider id in natural order");
    }
    CanonicalEncoder encoder = CanonicalEncoder.forDomain(DOMAIN).writeCount(nanoByProvider.size());
    for (Map.Entry<String, Long> row : nanoByProvider.entrySet()) {
      long nano = row.getValue();
      if (nano < 0) {
        throw new IllegalArgumentException("significance of " + row.getKey() + " is negative");
      }
      encoder.writeString(Ids.require(row.getKey(), "provider")).writeInt64(nano);
    }
    return encoder.sha256();
  }
}
