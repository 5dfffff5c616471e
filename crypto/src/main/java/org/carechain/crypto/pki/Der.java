package org.carechain.crypto.pki;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Strict DER and PEM reading, and the small encoding rules shared by the PKI classes. */
final class Der {

  /** Largest PKI object accepted, far above any certificate or request this PKI makes. */
  static final int MAX_SIZE = 16 * 1024;

  /** Longest serial number allowed by RFC 5280 section 4.1.2.2, in bytes of its encoding. */
  static final int MAX_SERIAL_BYTES = 20;

  private Der() {}

  /**
   * Parses exactly one DER-encoded object: no trailing bytes, no BER-only forms, no
   * non-minimal lengths. Re-encoding must give back the input, so the bytes a signature covers
   * are the bytes that were received.
   */
  static ASN1Primitive parse(byte[] der, String what) throws MalformedPkiDataException {
    Objects.requireNonNull(der, what);
    if (der.length == 0) {
      throw new MalformedPkiDataException(what + " is empty");
    }
    if (der.length > MAX_SIZE) {
      throw new MalformedPkiDataException(what + " is longer than " + MAX_SIZE + " bytes");
    }
    ASN1Primitive primitive;
    try {
      primitive = ASN1Primitive.fromByteArray(der);
    } catch (IOException | RuntimeException e) {
      throw new MalformedPkiDataException(what + " is not valid DER");
    }
    if (primitive == null || !Arrays.equals(encode(primitive), der)) {
      throw new MalformedPkiDataException(what + " is not in canonical DER");
    }
    return primitive;
  }

  static byte[] encode(ASN1Encodable object) {
    try {
      return object.toASN1Primitive().getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding in memory failed", e);
    }
  }

  /** Reads the single PEM block of {@code text}, which must have one of the given labels. */
  static byte[] fromPem(String text, String what, String... labels) throws MalformedPkiDataException {
    Objects.requireNonNull(text, what);
    if (text.length() > 2 * MAX_SIZE) {
      throw new MalformedPkiDataException(what + " PEM is too long");
    }
    try (PemReader reader = new PemReader(new StringReader(text))) {
      PemObject object = reader.readPemObject();
      if (object == null) {
        throw new MalformedPkiDataException(what + " PEM has no BEGIN/END block");
      }
      if (!Arrays.asList(labels).contains(object.getType())) {
        throw new MalformedPkiDataException(what + " PEM has the wrong label, expected " + labels[0]);
      }
      if (reader.readPemObject() != null) {
        throw new MalformedPkiDataException(what + " PEM has more than one block");
      }
      return object.getContent();
    } catch (IOException | RuntimeException e) {
      throw new MalformedPkiDataException(what + " is not valid PEM");
    }
  }

  static String toPem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  /** X.509 and OCSP times carry whole seconds; a fraction would not survive the encoding. */
  static Date toDate(Instant instant) {
    return Date.from(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * @throws IllegalArgumentException unless {@code serial} is positive and at most 20 bytes long
   */
  static BigInteger checkSerial(BigInteger serial, String what) {
    Objects.requireNonNull(serial, what);
    if (serial.signum() <= 0) {
      throw new IllegalArgumentException(what + " must be positive");
    }
    if (serial.toByteArray().length > MAX_SERIAL_BYTES) {
      throw new IllegalArgumentException(what + " must fit in " + MAX_SERIAL_BYTES + " bytes");
    }
    return serial;
  }

  static void checkValidity(Instant notBefore, Instant notAfter) {
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    if (!notBefore.truncatedTo(ChronoUnit.SECONDS).isBefore(notAfter.truncatedTo(ChronoUnit.SECONDS))) {
      throw new IllegalArgumentException("notBefore must be at least a second before notAfter");
    }
  }
}
