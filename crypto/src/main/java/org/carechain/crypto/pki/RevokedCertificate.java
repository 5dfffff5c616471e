package org.carechain.crypto.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/** One CRL entry: a revoked serial number, when it was revoked, and why. */
public record RevokedCertificate(BigInteger serial, Instant revokedAt, RevocationReason reason) {

  /**
   * @throws IllegalArgumentException if {@code serial} is not positive or is longer than 20 bytes
   */
  public RevokedCertificate {
    Der.checkSerial(serial, "serial");
    Objects.requireNonNull(revokedAt, "revokedAt");
    Objects.requireNonNull(reason, "reason");
  }
}
