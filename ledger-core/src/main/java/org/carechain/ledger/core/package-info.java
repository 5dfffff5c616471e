/**
 * The pure core of the ledger: state that every validator derives identically from the committed
 * chain. Nothing here does I/O, reads a clock or draws randomness.
 *
 * <ul>
 *   <li>{@link org.carechain.ledger.core.significance}: the exact significance engine and its
 *       state root;
 *   <li>{@link org.carechain.ledger.core.proposer}: the proposer policies fixed in genesis.
 * </ul>
 */
package org.carechain.ledger.core;
