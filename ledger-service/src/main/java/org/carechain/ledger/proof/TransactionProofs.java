package org.carechain.ledger.proof;

import io.smallrye.mutiny.Uni;
import java.util.Optional;
import org.carechain.consensus.CommitCertificate;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.InclusionProof;
import org.carechain.crypto.merkle.ProofVerificationException;
import org.carechain.crypto.merkle.ProofVerifier;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.persistence.BlockStore;
import org.carechain.ledger.persistence.TamperedStoreException;

/**
 * A committed transaction with everything a client needs to check it offline: its inclusion proof
 * into the log head of the block that committed it, that block's header and commit certificate.
 * The node checks the proof itself before serving it, so stored data that no longer matches is
 * refused ({@link TamperedStoreException}) rather than served for the client to discover.
 */
public final class TransactionProofs {

    private final Channel channel;
    private final BlockStore blocks;
    private final TransactionLogStore log;

    public TransactionProofs(Channel channel, BlockStore blocks, TransactionLogStore log) {
        this.channel = channel;
        this.blocks = blocks;
        this.log = log;
    }

    /** A transaction as committed, proven into its block's log head. */
    public record ProvenTransaction(BlockStore.StoredTransaction stored, BlockHeader header,
            CommitCertificate certificate, InclusionProof proof) {}

    public Uni<Optional<ProvenTransaction>> byHash(Hash transactionHash) {
        return blocks.transaction(channel, transactionHash).flatMap(this::prove);
    }

    public Uni<Optional<ProvenTransaction>> byIdempotencyKey(String idempotencyKey) {
        return blocks.transaction(channel, idempotencyKey).flatMap(this::prove);
    }

    private Uni<Optional<ProvenTransaction>> prove(Optional<BlockStore.StoredTransaction> found) {
        if (found.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        BlockStore.StoredTransaction stored = found.get();
        return blocks.header(channel, stored.height()).flatMap(header -> {
            BlockStore.StoredHeader block = header.orElseThrow(() -> new TamperedStoreException(channel,
                    "transaction " + stored.logIndex() + " names block " + stored.height() + ", which is missing"));
            long treeSize = block.header().log().size();
            if (stored.logIndex() < block.firstLogIndex() || stored.logIndex() >= treeSize) {
                throw new TamperedStoreException(channel, "transaction " + stored.logIndex() + " is not in block "
                        + stored.height());
            }
            CommitCertificate certificate = block.certificate();
            return log.inclusionProof(stored.logIndex(), treeSize).map(proof -> {
                try {
                    ProofVerifier.verifyInclusion(proof, stored.transaction().hash(), block.header().log());
                } catch (ProofVerificationException e) {
                    throw new TamperedStoreException(channel, "the transaction log no longer proves transaction "
                            + stored.logIndex() + " into block " + stored.height());
                }
                return Optional.of(new ProvenTransaction(stored, block.header(), certificate, proof));
            });
        });
    }
}
