/**
 * The pure core of certificate-service (ARCHITECTURE.md, "Privacy-aware PKI"): anonymous X.509
 * certificates, and their status as OCSP responses and CRLs, signed by an Ed25519 CA key. No I/O, no
 * clock, no randomness of its own: the service passes in times, serials and status.
 *
 * <h2>Flow</h2>
 *
 * <ol>
 *   <li>The app sends a PKCS#10 request. {@link org.carechain.crypto.pki.CertificateRequest#parse}
 *       accepts an Ed25519 or ECDSA P-256 key and verifies the request's signature with that key:
 *       the proof of possession. Bad input is {@link
 *       org.carechain.crypto.pki.MalformedPkiDataException}; a signature that does not verify is
 *       {@link org.carechain.crypto.pki.ProofOfPossessionException}.
 *   <li>{@link org.carechain.crypto.pki.AnonymousCertificateIssuer#issue} signs a certificate whose
 *       subject is {@code CN=<pseudonym>}, with the role and link-tag extensions of {@link
 *       org.carechain.crypto.pki.PkiOids}. The link tag is made elsewhere ({@link
 *       org.carechain.crypto.escrow.EscrowCipher#linkTag}) and is opaque here.
 *   <li>Relying parties read it with {@link org.carechain.crypto.pki.AnonymousCertificate#parse},
 *       check it with {@code verifyIssuedBy} and {@code verifyValidAt}, and check login challenges
 *       with {@code verifySignature}.
 *   <li>Status: {@link org.carechain.crypto.pki.OcspResponder} (RFC 6960, the CA signs its own
 *       responses; a cache of signed single responses, invalidated per serial) and {@link
 *       org.carechain.crypto.pki.CrlBuilder} (RFC 5280 v2 CRLs).
 * </ol>
 *
 * <h2>Signing</h2>
 *
 * <p>Every signature by the CA goes through the crypto module's {@link
 * org.carechain.crypto.sign.Ed25519Sign} (BouncyCastle's low-level Ed25519), wrapped as a
 * BouncyCastle {@code ContentSigner}; no JCA provider is registered or needed. Inputs are parsed as
 * strict DER (re-encoding must give the same bytes), so a signature is always checked over exactly
 * the bytes received.
 *
 * <h2>Interoperability</h2>
 *
 * <p>Checked against OpenSSL 3.0 in the tests: {@code openssl req} requests (Ed25519 and P-256)
 * parse, {@code openssl verify} accepts issued certificates and, with {@code -crl_check}, rejects
 * revoked ones, and {@code openssl ocsp} verifies the responses, with and without a nonce.
 */
package org.carechain.crypto.pki;
