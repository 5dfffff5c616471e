package org.carechain.ledger.core.significance;

import java.util.Objects;
import org.carechain.ledger.core.Ids;

/**
 * One row of the significance table: a provider's exact significance and its rounded view.
 *
 * @param exact s(k), exactly
 */
public record ProviderSignificance(String provider, Rational exact) {

  public ProviderSignificance {
    Ids.require(provider, "provider");
    Objects.requireNonNull(exact, "exact");
    if (exact.signum() < 0) {
      throw new IllegalArgumentException("significance of " + provider + " is negative: " + exact);
    }
  }

  /** s(k) in nano units, by the ledger's one rounding rule ({@link NanoUnits#floor}). */
  public long nano() {
    return NanoUnits.floor(exact);
  }
}
