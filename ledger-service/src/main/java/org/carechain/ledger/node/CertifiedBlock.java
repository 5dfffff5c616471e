package org.carechain.ledger.node;

import java.util.Objects;
import org.carechain.consensus.CommitCertificate;
import org.carechain.ledger.core.chain.Block;

/** A committed block as a peer hands it over for catch-up: nothing about it is trusted yet. */
public record CertifiedBlock(Block block, CommitCertificate certificate) {

    public CertifiedBlock {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(certificate, "certificate");
    }

    public long height() {
        return block.header().height();
    }
}
