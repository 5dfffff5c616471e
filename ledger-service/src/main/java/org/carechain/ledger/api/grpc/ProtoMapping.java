package org.carechain.ledger.api.grpc;

import com.google.protobuf.ByteString;
import java.util.List;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.CommitSignature;
import org.carechain.consensus.Signature;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.ledger.core.Ids;
import org.carechain.ledger.core.chain.BatchSeal;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.persistence.SignificanceStore;
import org.carechain.ledger.proof.TransactionProofs;
import org.carechain.proto.ledger.v1.GetSignificanceResponse;
import org.carechain.proto.ledger.v1.GetTransactionResponse;
import org.carechain.proto.ledger.v1.Operation;
import org.carechain.proto.ledger.v1.ProviderSignificance;
import org.carechain.proto.ledger.v1.SecurityLabel;
import org.carechain.proto.ledger.v1.SignificancePoint;
import org.carechain.proto.ledger.v1.ValidatorSignature;

/**
 * Between the {@code carechain.ledger.v1} messages and the ledger's domain types. Reading from
 * protobuf is where outside input enters: every check throws {@link IllegalArgumentException}
 * with a reason that names the field, which the gRPC layer answers as INVALID_ARGUMENT.
 */
public final class ProtoMapping {

    private ProtoMapping() {}

    public static Channel channel(org.carechain.proto.ledger.v1.Channel channel) {
        return switch (channel) {
            case CHANNEL_EHR -> Channel.EHR;
            case CHANNEL_RBC -> Channel.RBC;
            case CHANNEL_CBC -> Channel.CBC;
            case CHANNEL_SEARCH -> Channel.SEARCH;
            default -> throw new IllegalArgumentException("channel is required: ehr, rbc, cbc or search");
        };
    }

    public static org.carechain.proto.ledger.v1.Channel channel(Channel channel) {
        return switch (channel) {
            case EHR -> org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR;
            case RBC -> org.carechain.proto.ledger.v1.Channel.CHANNEL_RBC;
            case CBC -> org.carechain.proto.ledger.v1.Channel.CHANNEL_CBC;
            case SEARCH -> org.carechain.proto.ledger.v1.Channel.CHANNEL_SEARCH;
        };
    }

    public static Transaction transaction(org.carechain.proto.ledger.v1.Transaction proto) {
        Channel channel = channel(proto.getChannel());
        Transaction.Payload payload = switch (proto.getPayloadCase()) {
            case RECORD_EVENT -> recordEvent(proto.getRecordEvent());
            case TYPED -> new TypedPayload(proto.getTyped().getTypeUrl(), proto.getTyped().getValue().toByteArray());
            case PAYLOAD_NOT_SET -> throw new IllegalArgumentException("transaction payload is required");
        };
        return new Transaction(channel, proto.getIdempotencyKey(), payload);
    }

    public static org.carechain.proto.ledger.v1.Transaction transaction(Transaction transaction) {
        org.carechain.proto.ledger.v1.Transaction.Builder builder = org.carechain.proto.ledger.v1.Transaction.newBuilder()
                .setChannel(channel(transaction.channel()))
                .setIdempotencyKey(transaction.idempotencyKey());
        if (transaction.payload() instanceof RecordEvent event) {
            builder.setRecordEvent(org.carechain.proto.ledger.v1.RecordEvent.newBuilder()
                    .setProvider(event.provider())
                    .setResourceType(event.resourceType())
                    .setRecordRef(bytes(event.recordRef()))
                    .setPatientRef(bytes(event.patientRef()))
                    .setOp(Operation.forNumber(event.op().ordinal() + 1))
                    .setContentHash(bytes(event.contentHash()))
                    .setItemMask(ByteString.copyFrom(event.itemMask()))
                    .setSecurityLabel(SecurityLabel.forNumber(event.securityLabel().ordinal() + 1))
                    .setSourcePosition(event.sourcePosition())
                    .setCommittedAtMillis(event.committedAtMillis()));
        } else if (transaction.payload() instanceof TypedPayload typed) {
            builder.setTyped(org.carechain.proto.ledger.v1.TypedPayload.newBuilder()
                    .setTypeUrl(typed.typeUrl())
                    .setValue(ByteString.copyFrom(typed.value())));
        }
        return builder.build();
    }

    private static RecordEvent recordEvent(org.carechain.proto.ledger.v1.RecordEvent proto) {
        if (proto.getOp() == Operation.OPERATION_UNSPECIFIED || proto.getOp() == Operation.UNRECOGNIZED) {
            throw new IllegalArgumentException("record_event.op is required: CREATE, UPDATE or DELETE");
        }
        if (proto.getSecurityLabel() == SecurityLabel.SECURITY_LABEL_UNSPECIFIED
                || proto.getSecurityLabel() == SecurityLabel.UNRECOGNIZED) {
            throw new IllegalArgumentException("record_event.security_label is required: U, L, M, N, R or V");
        }
        return new RecordEvent(
                proto.getProvider(),
                proto.getResourceType(),
                hash(proto.getRecordRef(), "record_event.record_ref"),
                hash(proto.getPatientRef(), "record_event.patient_ref"),
                RecordEvent.Operation.values()[proto.getOpValue() - 1],
                hash(proto.getContentHash(), "record_event.content_hash"),
                proto.getItemMask().toByteArray(),
                RecordEvent.SecurityLabel.values()[proto.getSecurityLabelValue() - 1],
                proto.getSourcePosition(),
                proto.getCommittedAtMillis());
    }

    public static org.carechain.proto.ledger.v1.BlockHeader header(BlockHeader header) {
        return org.carechain.proto.ledger.v1.BlockHeader.newBuilder()
                .setChannel(channel(header.channel()))
                .setHeight(header.height())
                .setPreviousBlockHash(bytes(header.previousHash()))
                .setTimestampMillis(header.timestampMillis())
                .setProposer(header.proposer())
                .setTransactionsRoot(bytes(header.transactionsRoot()))
                .setSignificanceRoot(bytes(header.significanceRoot()))
                .setLogSize(header.log().size())
                .setLogRoot(bytes(header.log().root()))
                .build();
    }

    public static org.carechain.proto.ledger.v1.Block block(Block block, org.carechain.proto.ledger.v1.CommitCertificate commit) {
        return org.carechain.proto.ledger.v1.Block.newBuilder()
                .setHeader(header(block.header()))
                .addAllTransactions(block.transactions().stream().map(ProtoMapping::transaction).toList())
                .addAllSeals(block.seals().stream().map(ProtoMapping::seal).toList())
                .setCommit(commit)
                .build();
    }

    public static org.carechain.proto.ledger.v1.TreeHead treeHead(BlockHeader header) {
        TreeHead log = header.log();
        return org.carechain.proto.ledger.v1.TreeHead.newBuilder()
                .setChannel(channel(header.channel()))
                .setHeight(header.height())
                .setLogSize(log.size())
                .setLogRoot(bytes(log.root()))
                .setBlockHash(bytes(header.hash()))
                .build();
    }

    public static org.carechain.proto.ledger.v1.CommitCertificate certificate(CommitCertificate certificate) {
        org.carechain.proto.ledger.v1.CommitCertificate.Builder builder = org.carechain.proto.ledger.v1.CommitCertificate
                .newBuilder()
                .setHeight(certificate.height())
                .setRound(certificate.round())
                .setBlockHash(bytes(certificate.blockId()));
        certificate.signatures().forEach(signature -> builder.addSignatures(ValidatorSignature.newBuilder()
                .setValidator(signature.validator())
                .setSignature(ByteString.copyFrom(signature.signature().toByteArray()))));
        return builder.build();
    }

    public static GetTransactionResponse provenTransaction(TransactionProofs.ProvenTransaction proven) {
        return GetTransactionResponse.newBuilder()
                .setTransaction(transaction(proven.stored().transaction()))
                .setHeight(proven.stored().height())
                .setLeafIndex(proven.proof().leafIndex())
                .setTreeSize(proven.proof().treeSize())
                .addAllAuditPath(bytes(proven.proof().path()))
                .setHeader(header(proven.header()))
                .setCommit(certificate(proven.certificate()))
                .build();
    }

    /** The table, or only {@code provider}'s row (0 when absent) if one is named. */
    public static GetSignificanceResponse significance(SignificanceStore.Table table, String provider) {
        GetSignificanceResponse.Builder response = GetSignificanceResponse.newBuilder()
                .setHeight(table.height())
                .setSignificanceRoot(bytes(table.root()));
        if (provider != null) {
            response.addProviders(ProviderSignificance.newBuilder()
                    .setProvider(provider).setSignificanceNano(table.nanoByProvider().getOrDefault(provider, 0L)));
        } else {
            table.nanoByProvider().forEach((id, nano) -> response.addProviders(ProviderSignificance.newBuilder()
                    .setProvider(id).setSignificanceNano(nano)));
        }
        return response.build();
    }

    public static SignificancePoint significancePoint(SignificanceStore.Point point) {
        return SignificancePoint.newBuilder().setHeight(point.height()).setSignificanceNano(point.nano()).build();
    }

    public static String provider(String id) {
        return Ids.require(id, "provider");
    }

    public static String idempotencyKey(String key) {
        return Transaction.requireIdempotencyKey(key);
    }

    public static Hash hash(ByteString bytes, String field) {
        if (bytes.size() != Hash.SIZE) {
            throw new IllegalArgumentException(field + " must be " + Hash.SIZE + " bytes, got " + bytes.size());
        }
        return Hash.of(bytes.toByteArray());
    }

    public static ByteString bytes(Hash hash) {
        return ByteString.copyFrom(hash.toByteArray());
    }

    public static List<ByteString> bytes(List<Hash> hashes) {
        return hashes.stream().map(ProtoMapping::bytes).toList();
    }

    /**
     * A block received from a peer, its header rebuilt field by field: its hash is recomputed from
     * the canonical encoding, so a peer cannot pass off one block under another's id.
     *
     * @throws IllegalArgumentException if a field is malformed
     */
    public static Block block(org.carechain.proto.ledger.v1.Block proto) {
        org.carechain.proto.ledger.v1.BlockHeader h = proto.getHeader();
        BlockHeader header = new BlockHeader(channel(h.getChannel()), h.getHeight(),
                hash(h.getPreviousBlockHash(), "previous_block_hash"), h.getTimestampMillis(), h.getProposer(),
                hash(h.getTransactionsRoot(), "transactions_root"), hash(h.getSignificanceRoot(), "significance_root"),
                new TreeHead(h.getLogSize(), hash(h.getLogRoot(), "log_root")));
        List<BatchSeal> seals = new java.util.ArrayList<>(proto.getSealsCount());
        for (org.carechain.proto.ledger.v1.BatchSeal seal : proto.getSealsList()) {
            seals.add(seal(seal));
        }
        return new Block(header, proto.getTransactionsList().stream().map(ProtoMapping::transaction).toList(), seals);
    }

    /** @throws IllegalArgumentException if a field is malformed */
    public static CommitCertificate certificate(org.carechain.proto.ledger.v1.CommitCertificate proto) {
        List<CommitSignature> signatures = proto.getSignaturesList().stream()
                .map(s -> new CommitSignature(s.getValidator(), Signature.of(s.getSignature().toByteArray())))
                .toList();
        return new CommitCertificate(proto.getHeight(), proto.getRound(), hash(proto.getBlockHash(), "block_hash"),
                signatures);
    }

    static org.carechain.proto.ledger.v1.BatchSeal seal(BatchSeal seal) {
        return org.carechain.proto.ledger.v1.BatchSeal.newBuilder()
                .setSubmitterKeyId(seal.submitter().hex())
                .setSignature(ByteString.copyFrom(seal.signature()))
                .addAllLeaves(bytes(seal.leaves()))
                .addAllIncluded(seal.included())
                .build();
    }

    /** @throws IllegalArgumentException if a field is malformed */
    static BatchSeal seal(org.carechain.proto.ledger.v1.BatchSeal proto) {
        List<Hash> leaves = new java.util.ArrayList<>(proto.getLeavesCount());
        for (ByteString leaf : proto.getLeavesList()) {
            leaves.add(hash(leaf, "seals.leaves"));
        }
        return new BatchSeal(org.carechain.crypto.sign.KeyId.of(proto.getSubmitterKeyId()),
                proto.getSignature().toByteArray(), leaves, proto.getIncludedList());
    }

    public static org.carechain.proto.ledger.v1.RecordState recordState(
            org.carechain.ledger.persistence.RecordIndexStore.RecordState state) {
        return org.carechain.proto.ledger.v1.RecordState.newBuilder()
                .setProvider(state.provider())
                .setResourceType(state.resourceType())
                .setRecordRef(bytes(state.recordRef()))
                .setLive(state.live())
                .setContentHash(bytes(state.contentHash()))
                .setVersions(state.versions())
                .setHeight(state.height())
                .setTransactionHash(bytes(state.transactionHash()))
                .build();
    }
}
