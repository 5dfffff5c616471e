package org.carechain.ledger.core.significance;

/**
 * An event that does not fit the state it was applied to. The state is left unchanged. Checked,
 * because a block carrying such an event is invalid and the caller must decide what that means
 * (drop the transaction when proposing, reject the block when validating).
 */
public final class RejectedEventException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int eventIndex;

  public RejectedEventException(String reason) {
    this(reason, -1);
  }

  private RejectedEventException(String reason, int eventIndex) {
    super(reason);
    this.eventIndex = eventIndex;
  }

  /** The same rejection, located at {@code index} within a block's events. */
  RejectedEventException atIndex(int index) {
    return new RejectedEventException("event " + index + ": " + getMessage(), index);
  }

  /** Index of the offending event within the block, or -1 for a single event. */
  public int eventIndex() {
    return eventIndex;
  }
}
