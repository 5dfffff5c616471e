package org.carechain.crypto.sse.oxt;

/**
 * How much of a conjunctive result the user can check (the exact guarantees are in
 * {@link OxtVerifier}).
 */
public enum VerificationMode {
  /**
   * The server returns the matching entries in full and, for every other entry of the s-term, its
   * label and value hash. Proves the s-term's entry list complete and every returned entry one of
   * them; says nothing about the x-terms.
   */
  FILTERED,
  /**
   * The server returns every s-term entry in full and, per entry, XSet membership or absence
   * proofs for the xtags it tested, against the owner's signed XSet root. Proves the conjunction's
   * answer exact: nothing missing, nothing extra.
   */
  STRICT
}
