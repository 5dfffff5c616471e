package org.carechain.crypto.pki;

import java.util.Objects;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519Sign;

/**
 * What a CA officer signs to approve a trace (docs/certificates.md, "Tracing"): the canonical
 * encoding, under the domain {@value #DOMAIN}, of the trace id, the traced certificate's SHA-256,
 * the officer's id and the time of approval. One place for both sides: the officer's tool signs
 * these bytes, and the CA and the RBC verify a signature over them with the officer's key from the
 * {@code cbc} genesis.
 */
public final class TraceApprovalSigning {

  /** The domain tag of the encoding. */
  public static final String DOMAIN = "carechain/certificate/trace-approval/v1";

  private TraceApprovalSigning() {}

  /** The bytes an officer signs; fields in this order, each length-prefixed by the encoder. */
  public static byte[] signedBytes(
      String traceId, byte[] certificateHash, String officerId, long approvedAtMillis) {
    return CanonicalEncoder.forDomain(DOMAIN)
        .writeString(Objects.requireNonNull(traceId, "traceId"))
        .writeBytes(Objects.requireNonNull(certificateHash, "certificateHash"))
        .writeString(Objects.requireNonNull(officerId, "officerId"))
        .writeInt64(approvedAtMillis)
        .toByteArray();
  }

  /** The officer's Ed25519 signature over {@link #signedBytes}. */
  public static byte[] sign(
      Ed25519PrivateKey officerKey,
      String traceId,
      byte[] certificateHash,
      String officerId,
      long approvedAtMillis) {
    return Ed25519Sign.create(officerKey)
        .sign(signedBytes(traceId, certificateHash, officerId, approvedAtMillis));
  }
}
