package org.carechain.crypto.pki;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.carechain.crypto.sign.Ed25519Sign;

/**
 * A BouncyCastle {@link ContentSigner} on the crypto module's own Ed25519 signer, so that
 * certificates, CRLs and OCSP responses are signed by BouncyCastle's fast low-level Ed25519 with no
 * JCA provider in between. Single use and not thread-safe, like every {@code ContentSigner}.
 */
final class Ed25519ContentSigner implements ContentSigner {

  /** id-Ed25519 with absent parameters, as RFC 8410 section 3 requires. */
  static final AlgorithmIdentifier ALGORITHM = new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);

  private final Ed25519Sign signer;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

  Ed25519ContentSigner(Ed25519Sign signer) {
    this.signer = signer;
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return ALGORITHM;
  }

  @Override
  public OutputStream getOutputStream() {
    return buffer;
  }

  @Override
  public byte[] getSignature() {
    return signer.sign(buffer.toByteArray());
  }
}
