package org.carechain.ledger.api.rest;

import org.carechain.ledger.interop.ConsentCodec;
import org.carechain.ledger.interop.InteropJson;

import java.util.HexFormat;
import java.util.List;
import org.carechain.consensus.CommitCertificate;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.persistence.BlockStore;
import org.carechain.ledger.persistence.SignificanceStore;
import org.carechain.ledger.proof.TransactionProofs;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The ledger's JSON views and the mapping from domain types to them. Every byte string (hashes,
 * pseudonyms, signatures, payloads) is lowercase hex; every hash is 64 hex digits.
 */
final class LedgerJson {

    private static final HexFormat HEX = HexFormat.of();

    private LedgerJson() {}

    @Schema(name = "BlockHeader", description = "What the validators signed for one height; its hash is the block id.")
    record HeaderView(String channel, long height,
            @Schema(description = "SHA-256 of the header's canonical encoding (hex)") String hash,
            String previousHash, long timestampMillis, String proposer, String transactionsRoot,
            @Schema(description = "Root of the significance table after this block (hex)") String significanceRoot,
            @Schema(description = "Size of the channel's RFC 6962 transaction log after this block") long logSize,
            String logRoot) {}

    @Schema(name = "ValidatorSignature")
    record SignatureView(String validator, @Schema(description = "Ed25519 signature (hex)") String signature) {}

    @Schema(name = "CommitCertificate", description = "Precommits of more than 2/3 of the validators on the block hash.")
    record CertificateView(long height, int round, String blockHash, List<SignatureView> signatures) {}

    @Schema(name = "RecordEvent", description = "One change to one EHR record: pseudonyms, hashes and codes only.")
    record RecordEventView(String provider, String resourceType, String recordRef, String patientRef, String op,
            String contentHash, String itemMask, String securityLabel, String sourcePosition, long committedAtMillis) {}

    @Schema(name = "TypedPayload")
    record TypedPayloadView(String typeUrl, @Schema(description = "The payload bytes (hex)") String value) {}

    @Schema(name = "Transaction", description = "Exactly one of recordEvent and typed is set. A consent grant, "
            + "revocation or access event (typed) is also shown decoded in consentGrant, consentRevocation or access.")
    record TransactionView(String channel, String idempotencyKey,
            @Schema(description = "The transaction id: its RFC 6962 leaf hash (hex)") String hash,
            RecordEventView recordEvent, TypedPayloadView typed, InteropJson.GrantView consentGrant,
            InteropJson.RevocationView consentRevocation, InteropJson.AccessView access) {}

    @Schema(name = "BlockHead", description = "A committed block's header with its commit certificate.")
    record BlockHeadView(HeaderView header, CertificateView certificate) {}

    @Schema(name = "Block", description = "A committed block: header, certificate and transactions in log order.")
    record BlockView(HeaderView header, CertificateView certificate, List<TransactionView> transactions) {}

    @Schema(name = "BlockPage", description = "Block heads in height order; next is the height to ask for next, or null.")
    record BlockPage(List<BlockHeadView> blocks, Long next) {}

    @Schema(name = "TransactionWithProof", description = "A committed transaction, its RFC 6962 inclusion proof into "
            + "the log head (logSize, logRoot) of the block that committed it, that block's header and certificate.")
    record ProvenTransactionView(TransactionView transaction, long height, long leafIndex, long treeSize,
            List<String> auditPath, HeaderView header, CertificateView certificate) {}

    @Schema(name = "ConsistencyProof", description = "RFC 6962 consistency proof between two log sizes.")
    record ConsistencyProofView(long first, long second, List<String> proof) {}

    @Schema(name = "ProviderSignificance")
    record ProviderSignificanceView(String provider,
            @Schema(description = "Significance in units of 10^-9") long significanceNano) {}

    @Schema(name = "SignificanceTable", description = "Every provider with significance above zero, ascending by id; "
            + "hashing it as SignificanceRoot does gives significanceRoot, the root in the header at this height.")
    record SignificanceView(long height, String significanceRoot, List<ProviderSignificanceView> providers) {}

    @Schema(name = "SignificancePoint")
    record PointView(long height, long significanceNano) {}

    @Schema(name = "SignificanceHistory", description = "The provider's significance after each block that changed it.")
    record HistoryView(String provider, List<PointView> points) {}

    @Schema(name = "PatientEvent", description = "A record event about the patient, where it sits in the chain.")
    record PatientEventView(long height, long logIndex, TransactionView transaction) {}

    @Schema(name = "PatientTrail", description = "Record events in chain order; next is the log index to ask for next, or null.")
    record PatientTrailView(List<PatientEventView> events, Long next) {}

    static String hex(Hash hash) {
        return hash.toHex();
    }

    static HeaderView header(BlockHeader header) {
        return new HeaderView(header.channel().id(), header.height(), hex(header.hash()), hex(header.previousHash()),
                header.timestampMillis(), header.proposer(), hex(header.transactionsRoot()),
                hex(header.significanceRoot()), header.log().size(), hex(header.log().root()));
    }

    static CertificateView certificate(CommitCertificate certificate) {
        return new CertificateView(certificate.height(), certificate.round(), hex(certificate.blockId()),
                certificate.signatures().stream().map(signature -> new SignatureView(signature.validator(),
                        HEX.formatHex(signature.signature().toByteArray()))).toList());
    }

    static TransactionView transaction(Transaction transaction) {
        RecordEventView event = null;
        TypedPayloadView typed = null;
        if (transaction.payload() instanceof RecordEvent e) {
            event = new RecordEventView(e.provider(), e.resourceType(), hex(e.recordRef()), hex(e.patientRef()),
                    e.op().name(), hex(e.contentHash()), HEX.formatHex(e.itemMask()), e.securityLabel().name(),
                    e.sourcePosition(), e.committedAtMillis());
        } else if (transaction.payload() instanceof TypedPayload t) {
            typed = new TypedPayloadView(t.typeUrl(), HEX.formatHex(t.value()));
        }
        InteropJson.GrantView grant = null;
        InteropJson.RevocationView revocation = null;
        InteropJson.AccessView access = null;
        java.util.Optional<ConsentCodec.Parsed> consent;
        try {
            consent = ConsentCodec.parse(transaction);
        } catch (IllegalArgumentException e) {
            consent = java.util.Optional.empty();
        }
        if (consent.isPresent() && consent.get() instanceof ConsentCodec.Grant g) {
            grant = InteropJson.grant(g.grant());
        } else if (consent.isPresent() && consent.get() instanceof ConsentCodec.Revocation r) {
            revocation = InteropJson.revocation(r);
        } else if (consent.isPresent() && consent.get() instanceof ConsentCodec.Access a) {
            access = InteropJson.access(a.event());
        }
        return new TransactionView(transaction.channel().id(), transaction.idempotencyKey(), hex(transaction.hash()),
                event, typed, grant, revocation, access);
    }

    static BlockHeadView head(BlockStore.StoredHeader stored) {
        return new BlockHeadView(header(stored.header()), certificate(stored.certificate()));
    }

    static BlockView block(BlockStore.StoredBlock stored) {
        Block block = stored.block();
        return new BlockView(header(block.header()), certificate(stored.certificate()),
                block.transactions().stream().map(LedgerJson::transaction).toList());
    }

    static ProvenTransactionView proven(TransactionProofs.ProvenTransaction proven) {
        return new ProvenTransactionView(transaction(proven.stored().transaction()), proven.stored().height(),
                proven.proof().leafIndex(), proven.proof().treeSize(),
                proven.proof().path().stream().map(LedgerJson::hex).toList(), header(proven.header()),
                certificate(proven.certificate()));
    }

    static SignificanceView significance(SignificanceStore.Table table) {
        return new SignificanceView(table.height(), hex(table.root()), table.nanoByProvider().entrySet().stream()
                .map(row -> new ProviderSignificanceView(row.getKey(), row.getValue())).toList());
    }

    static PatientEventView patientEvent(BlockStore.StoredTransaction stored) {
        return new PatientEventView(stored.height(), stored.logIndex(), transaction(stored.transaction()));
    }
}
