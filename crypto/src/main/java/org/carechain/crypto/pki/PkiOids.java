package org.carechain.crypto.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * Object identifiers of CareChain's private certificate extensions.
 *
 * <p>They are UUID-based OIDs under arc {@code 2.25} (ITU-T X.667 / ISO/IEC 9834-8): the decimal
 * integer value of a random (version 4) UUID, which needs no registration and cannot clash with
 * anyone else's. The UUIDs were drawn once and are fixed forever; a new meaning gets a new UUID.
 *
 * <p>Both extensions are non-critical, so relying parties that do not know them (OpenSSL, browsers)
 * still accept the certificate.
 */
public final class PkiOids {

  /**
   * The role extension, UUID {@code 447e682e-7307-4afa-8b5c-e5609cf2cbf1}. Its value is a DER
   * {@code UTF8String} naming the holder's role, for example {@code patient}, {@code clinician} or
   * {@code auditor}.
   */
  public static final String ROLE = "2.25.91043846168243515755577232014649248753";

  /**
   * The link-tag extension, UUID {@code b3a1a06b-05c7-44c0-90f4-56f9e8d6a048}. Its value is a DER
   * {@code OCTET STRING} holding the opaque link tag: the registration id encrypted to the escrow
   * key ({@link org.carechain.crypto.escrow.EscrowCipher#linkTag}).
   */
  public static final String LINK_TAG = "2.25.238771024704462347751877630673225687112";

  static final ASN1ObjectIdentifier ROLE_OID = new ASN1ObjectIdentifier(ROLE);
  static final ASN1ObjectIdentifier LINK_TAG_OID = new ASN1ObjectIdentifier(LINK_TAG);

  private PkiOids() {}
}
