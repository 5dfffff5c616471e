/**
 * The proposer policies a channel may fix in genesis: pure functions of the committed state after
 * height h − 1 ({@link org.carechain.ledger.core.proposer.ProposerState}), so every validator
 * names the same proposer for (h, r) and can check a proposal's proposer.
 */
package org.carechain.ledger.core.proposer;
