/**
 * AES-256-GCM authenticated encryption for data at rest, in a small self-describing envelope.
 *
 * <ul>
 *   <li>{@link org.carechain.crypto.aead.Aes256GcmKey}: a 256-bit key; never printed, compared in
 *       constant time.
 *   <li>{@link org.carechain.crypto.aead.Aes256Gcm}: {@code seal} draws a fresh 96-bit nonce from
 *       the {@link java.security.SecureRandom} it is given; {@code open} returns the plaintext only
 *       if the 128-bit tag verifies and otherwise throws {@link javax.crypto.AEADBadTagException}.
 *   <li>{@link org.carechain.crypto.aead.AesGcmEnvelope}: the layout {@code version (1) || nonce
 *       (12) || ciphertext || tag (16)}; a string without that layout is refused with
 *       {@link org.carechain.crypto.aead.MalformedEnvelopeException} before anything is decrypted.
 * </ul>
 *
 * <p>GCM gives confidentiality and integrity of the plaintext and of the associated data (IND-CCA
 * under a nonce that never repeats for a key). It does not hide the plaintext's length. Random
 * nonces are safe for up to about 2<sup>32</sup> messages per key; CareChain seals one message per
 * data key. The primitive is the JDK's {@code AES/GCM/NoPadding}, checked against Wycheproof.
 */
package org.carechain.crypto.aead;
