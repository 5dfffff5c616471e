package org.carechain.cli.verify;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.CommitSignature;
import org.carechain.consensus.Signature;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.InclusionProof;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.verify.CertifiedHeader;
import org.carechain.ledger.core.verify.TransactionProof;
import org.carechain.proto.ledger.v1.Block;
import org.carechain.proto.ledger.v1.GetTransactionResponse;
import org.carechain.proto.ledger.v1.Operation;
import org.carechain.proto.ledger.v1.SecurityLabel;

/**
 * From the ledger's responses to the domain values that {@code LedgerVerifier} checks. A response
 * is untrusted input: anything malformed throws {@link IllegalArgumentException} with a reason that
 * names the field, never its content.
 */
public final class ResponseMapping {

    private ResponseMapping() {}

    public static TransactionProof transactionProof(GetTransactionResponse response) {
        require(response.hasTransaction(), "transaction");
        require(response.hasHeader(), "header");
        require(response.hasCommit(), "commit");
        InclusionProof inclusion = new InclusionProof(
                response.getLeafIndex(), response.getTreeSize(), hashes(response.getAuditPathList(), "audit_path"));
        CertifiedHeader block = new CertifiedHeader(header(response.getHeader()), certificate(response.getCommit()));
        return new TransactionProof(transaction(response.getTransaction()), response.getHeight(), inclusion, block);
    }

    public static CertifiedHeader certifiedHeader(Block block) {
        require(block.hasHeader(), "block.header");
        require(block.hasCommit(), "block.commit");
        return new CertifiedHeader(header(block.getHeader()), certificate(block.getCommit()));
    }

    public static List<Hash> hashes(List<ByteString> values, String field) {
        List<Hash> hashes = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            hashes.add(hash(values.get(i), field + "[" + i + "]"));
        }
        return hashes;
    }

    static Channel channel(org.carechain.proto.ledger.v1.Channel channel) {
        return switch (channel) {
            case CHANNEL_EHR -> Channel.EHR;
            case CHANNEL_RBC -> Channel.RBC;
            case CHANNEL_CBC -> Channel.CBC;
            case CHANNEL_SEARCH -> Channel.SEARCH;
            default -> throw new IllegalArgumentException("channel is missing or unknown");
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

    private static Transaction transaction(org.carechain.proto.ledger.v1.Transaction proto) {
        Transaction.Payload payload = switch (proto.getPayloadCase()) {
            case RECORD_EVENT -> recordEvent(proto.getRecordEvent());
            case TYPED -> new TypedPayload(proto.getTyped().getTypeUrl(), proto.getTyped().getValue().toByteArray());
            case PAYLOAD_NOT_SET -> throw new IllegalArgumentException("transaction payload is missing");
        };
        return new Transaction(channel(proto.getChannel()), proto.getIdempotencyKey(), payload);
    }

    private static RecordEvent recordEvent(org.carechain.proto.ledger.v1.RecordEvent proto) {
        int op = proto.getOpValue();
        int label = proto.getSecurityLabelValue();
        if (op < Operation.OPERATION_CREATE_VALUE || op > Operation.OPERATION_DELETE_VALUE) {
            throw new IllegalArgumentException("record_event.op is missing or unknown");
        }
        if (label < SecurityLabel.SECURITY_LABEL_U_VALUE || label > SecurityLabel.SECURITY_LABEL_V_VALUE) {
            throw new IllegalArgumentException("record_event.security_label is missing or unknown");
        }
        return new RecordEvent(proto.getProvider(), proto.getResourceType(),
                hash(proto.getRecordRef(), "record_event.record_ref"),
                hash(proto.getPatientRef(), "record_event.patient_ref"),
                RecordEvent.Operation.values()[op - 1],
                hash(proto.getContentHash(), "record_event.content_hash"),
                proto.getItemMask().toByteArray(),
                RecordEvent.SecurityLabel.values()[label - 1],
                proto.getSourcePosition(),
                proto.getCommittedAtMillis());
    }

    private static BlockHeader header(org.carechain.proto.ledger.v1.BlockHeader proto) {
        return new BlockHeader(channel(proto.getChannel()), proto.getHeight(),
                hash(proto.getPreviousBlockHash(), "header.previous_block_hash"), proto.getTimestampMillis(),
                proto.getProposer(), hash(proto.getTransactionsRoot(), "header.transactions_root"),
                hash(proto.getSignificanceRoot(), "header.significance_root"),
                new TreeHead(proto.getLogSize(), hash(proto.getLogRoot(), "header.log_root")));
    }

    private static CommitCertificate certificate(org.carechain.proto.ledger.v1.CommitCertificate proto) {
        List<CommitSignature> signatures = new ArrayList<>();
        for (org.carechain.proto.ledger.v1.ValidatorSignature signature : proto.getSignaturesList()) {
            signatures.add(new CommitSignature(signature.getValidator(), Signature.of(signature.getSignature().toByteArray())));
        }
        return new CommitCertificate(proto.getHeight(), proto.getRound(), hash(proto.getBlockHash(), "commit.block_hash"),
                signatures);
    }

    private static Hash hash(ByteString bytes, String field) {
        if (bytes.size() != Hash.SIZE) {
            throw new IllegalArgumentException(field + " must be " + Hash.SIZE + " bytes, got " + bytes.size());
        }
        return Hash.of(bytes.toByteArray());
    }

    private static void require(boolean present, String field) {
        if (!present) {
            throw new IllegalArgumentException(field + " is missing");
        }
    }
}
