package org.carechain.ledger.core.verify;

/** One step of a verification, with what it establishes in plain words. */
public enum Check {
  CHANNEL("what the ledger served is on the channel of the genesis"),
  REQUESTED("the transaction is the one asked for"),
  BLOCK_ID("the commit certificate names the block header's hash and height"),
  SIGNATURES("more than 2/3 of the genesis validators signed the block (precommit signatures)"),
  PROOF_TARGET("the proof is against the log head of the certified block"),
  INCLUSION("the transaction's leaf hash is in that log (RFC 6962 inclusion proof)"),
  HEIGHT_ORDER("the first block is not above the second, and one height has one certified block only"),
  CONSISTENCY("the second block's log extends the first block's log (RFC 6962 consistency proof)");

  private final String description;

  Check(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
