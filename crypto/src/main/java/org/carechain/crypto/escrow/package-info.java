/**
 * The cryptographic core of the privacy-aware PKI's identity escrow (ARCHITECTURE.md, "Privacy-aware
 * PKI"): identities encrypted for a consortium escrow key whose private half no single party
 * holds, not even while a trace is opened, and link tags that let k CA officers together, and
 * nobody less, trace an anonymous certificate back to its registration.
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
 *   <li>{@link org.carechain.crypto.escrow.ThresholdEscrow}: threshold decryption. The escrow key's
 *       scalar is Shamir-shared k-of-n over Z<sub>ℓ</sub> (ℓ the order of Curve25519's prime-order
 *       subgroup) among CA officers ({@link org.carechain.crypto.escrow.EscrowKeyShare}), with
 *       public verification keys ({@link org.carechain.crypto.escrow.EscrowVerificationKeys}). To
 *       open a message, each approving officer computes a {@link
 *       org.carechain.crypto.escrow.PartialDecryption} of its encapsulated key with a Chaum-Pedersen
 *       proof; a combiner checks the proofs and interpolates in the exponent to the X25519 shared
 *       secret, from which {@code EscrowCipher} and {@code IdentityEnvelope} finish decrypting. The
 *       private key is never rebuilt. Any k − 1 shares on their own are consistent with every
 *       key; with the public verification keys beside them, finding the key is a discrete
 *       logarithm on Curve25519.
 *   <li>{@link org.carechain.crypto.escrow.EscrowKeyPair} / {@link
 *       org.carechain.crypto.escrow.EscrowPublicKey}: the X25519 escrow key. A whole {@code
 *       EscrowKeyPair} exists only to share out a key made before threshold decryption, and in
 *       tests; {@link org.carechain.crypto.escrow.ThresholdEscrow#dealFreshKey} makes a key that
 *       exists whole only inside the dealing ceremony.
 * </ul>
 *
 * <h2>What this package does not do</h2>
 *
 * <p>It does not record officer approvals on chain, authenticate officers, move partial
 * decryptions between them, or decide when a tag may be opened: those belong to the services.
 * Shares are not refreshed over time, and the curve arithmetic of the threshold path is not
 * constant-time (see {@link org.carechain.crypto.escrow.ThresholdEscrow}).
 *
 * <h2>Hygiene</h2>
 *
 * <p>All randomness is passed in as a {@link java.security.SecureRandom}. No secret, key, share
 * value or plaintext appears in a {@code toString} or an exception message; failures to open are
 * {@link javax.crypto.AEADBadTagException}, malformed input {@link
 * org.carechain.crypto.aead.MalformedEnvelopeException} or {@link
 * org.carechain.crypto.escrow.InvalidSharesException}, a failed partial decryption {@link
 * org.carechain.crypto.escrow.InvalidPartialDecryptionException} naming the officer, all {@link
 * java.security.GeneralSecurityException}s.
 */
package org.carechain.crypto.escrow;
