package org.carechain.crypto.pki;

import java.security.SignatureException;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A PKCS#10 certification request (RFC 2986) whose signature has been verified with its own key:
 * the proof that the sender holds the private key. Immutable.
 *
 * <p>Only the public key is used. The subject name and attributes the requester put in are
 * ignored, since the CA chooses the pseudonym and every extension itself.
 */
public final class CertificateRequest {

  private static final String PEM_LABEL = "CERTIFICATE REQUEST";
  private static final String LEGACY_PEM_LABEL = "NEW CERTIFICATE REQUEST";

  /** ecdsa-with-SHA256 with absent parameters, as RFC 5758 section 3.2 requires. */
  private static final AlgorithmIdentifier ECDSA_WITH_SHA256 =
      new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);

  private final byte[] encoded;
  private final SubjectPublicKey publicKey;

  private CertificateRequest(byte[] encoded, SubjectPublicKey publicKey) {
    this.encoded = encoded;
    this.publicKey = publicKey;
  }

  /**
   * Reads a DER-encoded PKCS#10 request and checks its proof of possession.
   *
   * @throws MalformedPkiDataException if it is not canonical DER, not a version 1 request, its key
   *     is not Ed25519 or EC P-256, or its signature algorithm is not the one that goes with the key
   *     (Ed25519, or ecdsa-with-SHA256)
   * @throws ProofOfPossessionException if the signature does not verify under the request's key
   */
  public static CertificateRequest parse(byte[] der) throws MalformedPkiDataException, ProofOfPossessionException {
    CertificationRequest request;
    CertificationRequestInfo info;
    try {
      request = CertificationRequest.getInstance(Der.parse(der, "certification request"));
      info = request.getCertificationRequestInfo();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new MalformedPkiDataException("certification request is not a PKCS#10 request");
    }
    if (!info.getVersion().hasValue(0)) {
      throw new MalformedPkiDataException("certification request is not version 1");
    }
    SubjectPublicKey publicKey = SubjectPublicKey.fromInfo(info.getSubjectPublicKeyInfo());
    AlgorithmIdentifier expected = publicKey.algorithm() == PublicKeyAlgorithm.ED25519
        ? Ed25519ContentSigner.ALGORITHM
        : ECDSA_WITH_SHA256;
    if (!expected.equals(request.getSignatureAlgorithm())) {
      throw new MalformedPkiDataException(
          "certification request signature algorithm must be "
              + (publicKey.algorithm() == PublicKeyAlgorithm.ED25519 ? "Ed25519" : "ecdsa-with-SHA256")
              + " for its " + publicKey.algorithm() + " key");
    }
    DERBitString signature = DERBitString.convert(request.getSignature());
    if (signature.getPadBits() != 0) {
      throw new MalformedPkiDataException("certification request signature is not a whole number of bytes");
    }
    try {
      publicKey.verifySignature(Der.encode(info), signature.getOctets());
    } catch (SignatureException e) {
      throw new ProofOfPossessionException(
          "certification request signature does not verify under its own public key");
    }
    return new CertificateRequest(der.clone(), publicKey);
  }

  /** Reads a PEM {@code CERTIFICATE REQUEST} block, as {@link #parse} does. */
  public static CertificateRequest parsePem(String pem) throws MalformedPkiDataException, ProofOfPossessionException {
    return parse(Der.fromPem(pem, "certification request", PEM_LABEL, LEGACY_PEM_LABEL));
  }

  /** The requester's public key, whose possession the request proves. */
  public SubjectPublicKey publicKey() {
    return publicKey;
  }

  public byte[] toDer() {
    return encoded.clone();
  }

  @Override
  public String toString() {
    return "CertificateRequest{" + publicKey + "}";
  }
}
