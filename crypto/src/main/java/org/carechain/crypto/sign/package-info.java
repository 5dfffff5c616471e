/**
 * Ed25519 (RFC 8032) keys, signing and verification, on BouncyCastle's low-level
 * {@link org.bouncycastle.crypto.signers.Ed25519Signer}.
 *
 * <p>The JDK's {@code Signature.getInstance("Ed25519")} gives the same signatures but runs about
 * twenty times slower, which matters for consensus votes, so it is not used.
 *
 * <p>The shape follows Google Tink: keys are immutable with validating factories,
 * {@link org.carechain.crypto.sign.PublicKeyVerify#verify} returns nothing and throws on a bad
 * signature so a caller cannot forget to check a result, and secret bytes never appear in
 * {@code toString}. Keys are referred to by their {@link org.carechain.crypto.sign.KeyId}.
 */
package org.carechain.crypto.sign;
