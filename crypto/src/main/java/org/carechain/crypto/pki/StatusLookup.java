package org.carechain.crypto.pki;

import java.math.BigInteger;

/**
 * Where the OCSP responder learns a certificate's status, for example the service's view of
 * {@code cbc}. Must be thread-safe. Never returns null; a failure to look up is an exception, which
 * the responder lets through to the caller.
 */
@FunctionalInterface
public interface StatusLookup {

  /** The status of this CA's certificate with serial number {@code serial}. */
  CertificateStatus status(BigInteger serial);
}
