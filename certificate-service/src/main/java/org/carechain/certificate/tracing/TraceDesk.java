package org.carechain.certificate.tracing;

import com.google.protobuf.ByteString;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.carechain.certificate.CertificateException;
import org.carechain.certificate.ca.CaKeys;
import org.carechain.certificate.ca.CertificateConfig;
import org.carechain.certificate.chain.CbcState;
import org.carechain.certificate.chain.CbcStore;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.proto.certificate.v1.TraceApproval;
import org.carechain.proto.certificate.v1.TraceRequest;
import org.carechain.service.ledger.LedgerSubmitter;
import org.carechain.service.pki.Consortium;
import org.carechain.service.pki.Tracing;
import org.jboss.logging.Logger;

/**
 * Trace requests and officers' approvals, each a record on {@code cbc}. This CA never opens a link
 * tag: once k approvals are on chain, the officers send their partial decryptions to the RBC,
 * which checks the approvals on chain itself (docs/certificates.md, "Tracing").
 */
@ApplicationScoped
public class TraceDesk {

    /** Why a trace may be asked for. */
    public static final Set<String> REASONS = Set.of("court-order", "fraud-investigation", "patient-safety",
            "security-incident");

    private static final Logger LOG = Logger.getLogger(TraceDesk.class);

    @Inject
    CaKeys keys;

    @Inject
    CertificateConfig config;

    @Inject
    LedgerSubmitter ledger;

    @Inject
    CbcStore certificates;

    @Inject
    CbcState chain;

    @Inject
    TraceStore store;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    /** A trace with the approvals recorded so far. */
    public record TraceState(TraceStore.Trace trace, List<TraceStore.Approval> approvals, int threshold,
            CbcStore.IssuedCertificate certificate) {}

    public Uni<TraceStore.Trace> request(String serial, String reason, String officerId) {
        Consortium consortium = keys.consortium();
        requireOfficer(consortium, officerId);
        if (!REASONS.contains(reason)) {
            throw CertificateException.badRequest("reason: must be one of " + String.join(", ", REASONS.stream().sorted().toList()));
        }
        return certificates.issued(serial).chain(found -> {
            CbcStore.IssuedCertificate issued = found.orElseThrow(
                    () -> CertificateException.notFound("this CA issued no certificate with this serial"));
            byte[] id = new byte[16];
            random.nextBytes(id);
            String traceId = HexFormat.of().formatHex(id);
            Instant now = clock.instant();
            TraceRequest record = TraceRequest.newBuilder()
                    .setTraceId(traceId)
                    .setCertificateHash(ByteString.copyFrom(issued.certificateHash().toByteArray()))
                    .setIssuerCa(keys.caId().toHex())
                    .setRequestedBy(officerId)
                    .setReason(reason)
                    .setRequestedAtMillis(now.toEpochMilli())
                    .build();
            Transaction transaction = LedgerSubmitter.transaction(Channel.CBC, Tracing.requestKey(traceId), record);
            TraceStore.Trace trace = new TraceStore.Trace(traceId, serial, issued.certificateHash(), officerId, reason, now,
                    transaction.hash());
            return recordOnChain(transaction)
                    .call(() -> store.insert(trace))
                    .invoke(() -> LOG.infof("trace %s requested by officer %s (%s) for certificate %s", traceId, officerId,
                            reason, serial))
                    .replaceWith(trace);
        });
    }

    public Uni<TraceState> state(String traceId) {
        keys.requireConfigured();
        return store.find(traceId).chain(found -> {
            TraceStore.Trace trace = found.orElseThrow(() -> CertificateException.notFound("no trace with this id"));
            return store.approvals(traceId).chain(approvals -> certificates.issued(trace.serial())
                    .map(issued -> new TraceState(trace, approvals, keys.consortium().threshold(), issued.orElseThrow())));
        });
    }

    /** Records an officer's signed approval, checked against the tracing policy. */
    public Uni<TraceState> approve(String traceId, TraceApproval approval, String caller) {
        Consortium consortium = keys.consortium();
        if (!approval.getOfficerId().equals(caller)) {
            throw CertificateException.forbidden("an officer approves in its own name only");
        }
        requireOfficer(consortium, caller);
        return store.find(traceId).chain(found -> {
            TraceStore.Trace trace = found.orElseThrow(() -> CertificateException.notFound("no trace with this id"));
            TraceApproval complete = approval.toBuilder()
                    .setTraceId(traceId)
                    .setCertificateHash(ByteString.copyFrom(trace.certificateHash().toByteArray()))
                    .build();
            try {
                Tracing.verify(complete, consortium);
            } catch (GeneralSecurityException e) {
                throw CertificateException.unauthenticated("the approval's signature does not verify with the officer's key");
            }
            Instant approvedAt = Instant.ofEpochMilli(complete.getApprovedAtMillis());
            if (approvedAt.isBefore(trace.requestedAt().minusSeconds(60)) || approvedAt.isAfter(clock.instant().plusSeconds(60))) {
                throw CertificateException.badRequest("approvedAtMillis: must lie between the request and now");
            }
            Transaction transaction = LedgerSubmitter.transaction(Channel.CBC,
                    Tracing.approvalKey(traceId, caller), complete);
            return recordOnChain(transaction)
                    .call(() -> store.insertApproval(traceId, new TraceStore.Approval(caller, approvedAt, transaction.hash())))
                    .invoke(() -> LOG.infof("trace %s approved by officer %s", traceId, caller))
                    .chain(() -> state(traceId));
        });
    }

    private Uni<Long> recordOnChain(Transaction transaction) {
        Uni<Long> committed = chain.awaitCommit(transaction.hash(), config.commitTimeout());
        return ledger.submit(List.of(transaction), keys.submitterKey(), config.ledgerTimeout())
                .onFailure().invoke(() -> chain.forget(transaction.hash()))
                .chain(() -> committed)
                .onFailure(TimeoutException.class).transform(e -> CertificateException.unavailable(
                        "the record was not committed in time; try again (it is idempotent)"));
    }

    private static void requireOfficer(Consortium consortium, String officerId) {
        if (consortium.officer(officerId).isEmpty()) {
            throw CertificateException.forbidden("only a tracing officer of the consortium may request or approve traces");
        }
    }
}
