package org.carechain.consensus.sim;

/** How a Byzantine validator misbehaves. Its own core runs honestly; what it sends does not. */
enum Strategy {
  /** Sends nothing and serves no catch-up. */
  SILENT,
  /** Shows each peer one of two different proposals or votes for the same slot. */
  EQUIVOCATE,
  /** Proposes invalid values, and proposes in rounds where it is not the proposer. */
  BAD_PROPOSALS,
  /** Sends every peer two different votes for the same slot. */
  DOUBLE_VOTE,
  /**
   * Per message, any of the above, plus votes that ignore its lock, messages under other
   * validators' ids, messages for far rounds and heights, mismatched block ids, and forged commit
   * certificates when asked to help a peer catch up.
   */
  CHAOS
}
