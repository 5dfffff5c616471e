/**
 * The Tendermint consensus core (Buchman, Kwon and Milosevic, 2018, Algorithm 1) as a pure state
 * machine.
 *
 * <p>{@link org.carechain.consensus.ConsensusCore} has no transport, no clock and no randomness.
 * The node feeds it events (start, proposal, vote, timeout, imported commit) and carries out the
 * {@link org.carechain.consensus.Action}s it returns, in order: persist a {@link
 * org.carechain.consensus.WalEntry}, broadcast a message, schedule a timer, commit a decided
 * block. Everything it needs from the ledger comes through one-method interfaces ({@link
 * org.carechain.consensus.ProposerSchedule}, {@link org.carechain.consensus.ValueValidator},
 * {@link org.carechain.consensus.ValueSource}, {@link org.carechain.consensus.MessageSigner},
 * {@link org.carechain.consensus.MessageAuthenticator}), so the same inputs always give the same
 * outputs and a simulator can drive a whole network in one thread.
 *
 * <p>The protocol is specified in {@code docs/ledger-protocol.md}; the choices made here are
 * written down in {@code docs/consensus.md}.
 */
package org.carechain.consensus;
