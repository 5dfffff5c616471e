/**
 * Conjunctive queries over the encrypted index, following OXT (Cash, Jarecki, Jutla, Krawczyk,
 * Roşu, Steiner, "Highly-Scalable Searchable Symmetric Encryption with Support for Boolean
 * Queries", CRYPTO 2013), in the group P-256, with results the user verifies before decrypting.
 *
 * <ul>
 *   <li>{@link org.carechain.crypto.sse.oxt.OxtKeys}: the owner's keys for one security label;
 *   <li>{@link org.carechain.crypto.sse.oxt.OxtOwner}: TSet entries and xtags for added pairs, and
 *       the tokens of queries;
 *   <li>{@link org.carechain.crypto.sse.oxt.OxtIndex}: the server's TSet and authenticated XSet
 *       ({@link org.carechain.crypto.sse.oxt.XSetTree}) and its search;
 *   <li>{@link org.carechain.crypto.sse.oxt.OxtVerifier}: the user's checks, in the two
 *       {@link org.carechain.crypto.sse.oxt.VerificationMode}s, against the s-term's signed
 *       (count, digest) and the signed XSet root; {@link org.carechain.crypto.sse.oxt.OxtEntryKey}
 *       then decrypts.
 * </ul>
 *
 * <p>Additions only: OXT entries cannot be deleted. Pure and deterministic: randomness is passed
 * in. The construction, its leakage and the exact guarantee of each mode are written out in
 * {@code docs/search-security.md}.
 */
package org.carechain.crypto.sse.oxt;
