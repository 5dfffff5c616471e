package org.carechain.ledger.core.verify;

import java.util.Objects;
import org.carechain.consensus.CommitCertificate;
import org.carechain.ledger.core.chain.BlockHeader;

/**
 * A block header with the commit certificate a node serves for it. Untrusted until
 * {@link LedgerVerifier#verifyCertified} accepts it.
 */
public record CertifiedHeader(BlockHeader header, CommitCertificate certificate) {

  public CertifiedHeader {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(certificate, "certificate");
  }

  public long height() {
    return header.height();
  }
}
