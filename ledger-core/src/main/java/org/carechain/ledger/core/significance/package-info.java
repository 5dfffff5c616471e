/**
 * The significance engine: how much each provider's live records add to the consortium, computed
 * exactly and updated per event.
 *
 * <p>Entry point: {@link org.carechain.ledger.core.significance.SignificanceState}. The formula,
 * the single rounding rule ({@link org.carechain.ledger.core.significance.NanoUnits#floor}), the
 * root layout ({@link org.carechain.ledger.core.significance.SignificanceRoot}) and the edge cases
 * are written down in {@code docs/significance.md}.
 */
package org.carechain.ledger.core.significance;
