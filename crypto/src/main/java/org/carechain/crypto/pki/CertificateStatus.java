package org.carechain.crypto.pki;

import java.time.Instant;
import java.util.Objects;

/** What the CA knows about one serial number, as OCSP reports it (RFC 6960 section 2.2). */
public sealed interface CertificateStatus {

  /** Issued by this CA and not revoked. */
  CertificateStatus GOOD = new Good();

  /** Not a serial this CA knows of. */
  CertificateStatus UNKNOWN = new Unknown();

  /** Revoked at {@code revokedAt} for {@code reason}. */
  static CertificateStatus revoked(Instant revokedAt, RevocationReason reason) {
    return new Revoked(revokedAt, reason);
  }

  /** See {@link #GOOD}. */
  record Good() implements CertificateStatus {}

  /** See {@link #UNKNOWN}. */
  record Unknown() implements CertificateStatus {}

  /** A revoked certificate: when, and why. */
  record Revoked(Instant revokedAt, RevocationReason reason) implements CertificateStatus {
    public Revoked {
      Objects.requireNonNull(revokedAt, "revokedAt");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
