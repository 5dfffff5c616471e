/**
 * Client-side verification of what a ledger node serves, trusting nothing but the channel's
 * genesis: a committed transaction (its RFC 6962 inclusion proof into the log head of a block
 * whose header more than 2/3 of the genesis validators signed) and the consistency of two
 * certified log heads.
 *
 * <p>Pure functions of their arguments, with no I/O, so services and applications can use them as
 * well as the {@code carechain verify} command. {@link org.carechain.ledger.core.verify.LedgerVerifier}
 * throws a {@link org.carechain.ledger.core.verify.VerificationException} naming the first
 * {@link org.carechain.ledger.core.verify.Check} that failed and why; its reasons name sizes,
 * heights, hashes and validator ids, never transaction content.
 */
package org.carechain.ledger.core.verify;
