/**
 * The cryptographic core of the privacy-aware PKI's identity escrow (ARCHITECTURE.md, "Privacy-aware
 * PKI"): identities encrypted for a consortium escrow key whose private half no single party
 * holds, and link tags that let k CA officers together, and nobody less, trace an anonymous
 * certificate back to its registration.
 *
 * <h2>Pieces and what each guarantees</h2>
 *
 * <ul>
 *   <li>{@link org.carechain.crypto.escrow.IdentityEnvelope}: the registration authority seals a
 *       person's identity attributes under a fresh AES-256-GCM data key
 *       ({@link org.carechain.crypto.aead.Aes256Gcm}) and wraps that key for the escrow public key.
 *       The envelope's SHA-256 goes on chain as the identity commitment. Confidential to everyone
 *       without the escrow private key; any change to the stored bytes is detected when opened;
 *       two envelopes of one identity are unrelated.
 *   <li>{@link org.carechain.crypto.escrow.EscrowCipher}: RFC 9180 HPKE, base mode,
 *       DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, checked against the RFC's Appendix
 *       A.1.1 vectors. {@code wrap}/{@code unwrap} carry data keys; {@code linkTag} encrypts a
 *       registration id {@code rid} for a certificate. IND-CCA2: without the private key a link
 *       tag reveals nothing about its rid beyond its length, and tags of the same rid are
 *       unlinkable. Base mode does not authenticate who made a tag; the certificate's signature
 *       does.
 *   <li>{@link org.carechain.crypto.escrow.EscrowKeyPair} / {@link
 *       org.carechain.crypto.escrow.EscrowPublicKey}: the X25519 escrow key. The private key is
 *       never exported as bytes, only split into shares; {@code fromShares} rebuilds it from k of
 *       them and refuses a result that does not match the published public key.
 *   <li>{@link org.carechain.crypto.escrow.Shamir} / {@link org.carechain.crypto.escrow.Share}:
 *       k-of-n secret sharing over GF(2<sup>8</sup>). Any k shares recover the secret; any k-1
 *       are consistent with every possible secret, so they reveal nothing, unconditionally. Shares
 *       are not authenticated: a corrupted share gives a wrong key, which {@code fromShares}
 *       detects against the public key.
 * </ul>
 *
 * <h2>What this package does not do</h2>
 *
 * <p>It does not record officer approvals on chain, authenticate officers, or decide when a tag may
 * be opened: those belong to the services. Rebuilding the private key puts it, whole, in one
 * process's memory for the duration of an opening; a threshold-decryption scheme would avoid that
 * and is not implemented here.
 *
 * <h2>Hygiene</h2>
 *
 * <p>All randomness is passed in as a {@link java.security.SecureRandom}. No secret, key, share
 * value or plaintext appears in a {@code toString} or an exception message; failures to open are
 * {@link javax.crypto.AEADBadTagException}, malformed input {@link
 * org.carechain.crypto.aead.MalformedEnvelopeException} or {@link
 * org.carechain.crypto.escrow.InvalidSharesException}, all {@link
 * java.security.GeneralSecurityException}s.
 */
package org.carechain.crypto.escrow;
