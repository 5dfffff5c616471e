package org.carechain.crypto.pki;

/** The subject key algorithms this PKI accepts, with the one signature algorithm each must use. */
public enum PublicKeyAlgorithm {
  /** Ed25519 (RFC 8410), signatures pure Ed25519 (RFC 8032). */
  ED25519,
  /** ECDSA on NIST P-256 (secp256r1), signatures SHA256withECDSA, DER-encoded (RFC 5758). */
  ECDSA_P256
}
