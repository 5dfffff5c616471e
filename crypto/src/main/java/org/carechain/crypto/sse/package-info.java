/**
 * Verifiable dynamic searchable encryption: forward-private keyword entries (Mitra-style PRF
 * labels, AES-GCM values), per-keyword hash-chain digests, the owner's signed statements and epoch
 * anchors, and the user's verification before decryption. Pure and deterministic: randomness and
 * clocks are passed in. The scheme and its leakage are specified in {@code docs/search-security.md}.
 */
package org.carechain.crypto.sse;
