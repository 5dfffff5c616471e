/**
 * CareChain's cryptographic core: plain Java and BouncyCastle, no framework, no I/O.
 *
 * <ul>
 *   <li>{@link org.carechain.crypto.Hash}: a 32-byte SHA-256 digest as a value type.
 *   <li>{@link org.carechain.crypto.CanonicalEncoder}: the byte layout used to hash and sign
 *       structured values (consensus votes, transaction batches) unambiguously.
 *   <li>{@link org.carechain.crypto.sign}: Ed25519 keys, signing and verification.
 *   <li>{@link org.carechain.crypto.merkle}: the RFC 6962 Merkle log, its proofs and their
 *       verification.
 *   <li>{@link org.carechain.crypto.aead}: AES-256-GCM in a versioned envelope.
 *   <li>{@link org.carechain.crypto.escrow}: the privacy-aware PKI's identity escrow: HPKE to the
 *       consortium escrow key, link tags, and k-of-n threshold decryption for the CA officers.
 * </ul>
 *
 * <p>Everything here is deterministic: randomness is passed in, never drawn from a global source.
 */
package org.carechain.crypto;
