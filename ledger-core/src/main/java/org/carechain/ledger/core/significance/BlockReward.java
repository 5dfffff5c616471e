package org.carechain.ledger.core.significance;

import org.carechain.ledger.core.Ids;

/**
 * The proposer of a committed block earns the reward R fixed in genesis; the ledger emits one of
 * these per committed block.
 */
public record BlockReward(String proposer) implements SignificanceEvent {

  public BlockReward {
    Ids.require(proposer, "proposer");
  }
}
