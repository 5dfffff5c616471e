package org.carechain.registration.tracing;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.carechain.crypto.Hash;
import org.carechain.crypto.escrow.EscrowCipher;
import org.carechain.crypto.escrow.EscrowVerificationKeys;
import org.carechain.crypto.escrow.IdentityEnvelope;
import org.carechain.crypto.escrow.InvalidPartialDecryptionException;
import org.carechain.crypto.escrow.PartialDecryption;
import org.carechain.crypto.escrow.ThresholdEscrow;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.pki.MalformedPkiDataException;
import org.carechain.proto.certificate.v1.TraceApproval;
import org.carechain.proto.certificate.v1.TraceRequest;
import org.carechain.proto.ledger.v1.Channel;
import org.carechain.proto.ledger.v1.GetTransactionRequest;
import org.carechain.proto.ledger.v1.MutinyLedgerServiceGrpc;
import org.carechain.registration.RegistrationException;
import org.carechain.registration.identity.Rid;
import org.carechain.registration.keys.RegistrationConfig;
import org.carechain.registration.keys.RegistrationKeys;
import org.carechain.registration.store.RegistrationStore;
import org.carechain.registration.tracing.TraceStore.Stage;
import org.carechain.service.pki.Consortium;
import org.carechain.service.pki.Tracing;
import org.jboss.logging.Logger;

/**
 * Opens a traced certificate's link tag, then the registration's identity, with k officers'
 * partial decryptions; the escrow private key is never put together anywhere. It acts only on
 * what it reads from {@code cbc} itself: the trace request and at least k approvals signed by
 * officers of the consortium's tracing policy. Each partial is checked with its proof before it
 * is kept, and only an officer who approved may send one, for its own share.
 */
@ApplicationScoped
public class TraceOpening {

    private static final Logger LOG = Logger.getLogger(TraceOpening.class);

    @GrpcClient("ledger")
    MutinyLedgerServiceGrpc.MutinyLedgerServiceStub ledger;

    @Inject
    RegistrationKeys keys;

    @Inject
    RegistrationConfig config;

    @Inject
    TraceStore store;

    @Inject
    RegistrationStore registrations;

    private final Clock clock = Clock.systemUTC();

    /** The trace as cbc has it: the request and the officers whose valid approvals are there. */
    public record OnChain(TraceRequest request, Set<String> approvedBy) {}

    /** How far a trace is. {@code identityEnc} is what officers decrypt in the second stage. */
    public record Progress(String traceId, int threshold, Set<String> approvedBy, int linkTagPartials,
            int identityPartials, boolean linkTagOpened, Optional<byte[]> identityEnc, boolean identityReady) {}

    public Uni<Progress> submit(String traceId, String officerId, Stage stage, byte[] partialBytes,
            Optional<byte[]> certificateDer) {
        Consortium consortium = keys.tracing();
        Consortium.Officer officer = consortium.officer(officerId).orElseThrow(
                () -> RegistrationException.forbidden("only a tracing officer of the consortium may send partial decryptions"));
        PartialDecryption partial;
        try {
            partial = PartialDecryption.parse(partialBytes);
        } catch (GeneralSecurityException e) {
            throw RegistrationException.badRequest("partial: is not a partial decryption");
        }
        if (partial.index() != officer.shareIndex()) {
            throw RegistrationException.forbidden("the partial decryption is not made with this officer's share");
        }
        EscrowVerificationKeys verificationKeys = consortium.verificationKeys().orElseThrow();
        return onChain(traceId, consortium).chain(chain -> {
            if (chain.approvedBy().size() < consortium.threshold()) {
                throw RegistrationException.forbidden("the trace has " + chain.approvedBy().size() + " of the "
                        + consortium.threshold() + " approvals it needs on cbc");
            }
            if (!chain.approvedBy().contains(officerId)) {
                throw RegistrationException.forbidden("only an officer who approved the trace may send a partial decryption");
            }
            return traceRecord(traceId, chain, certificateDer)
                    .chain(trace -> stage == Stage.LINK_TAG
                            ? acceptLinkTagPartial(trace, officerId, partial, partialBytes, verificationKeys)
                            : acceptIdentityPartial(trace, officerId, partial, partialBytes, verificationKeys));
        }).chain(() -> progress(traceId));
    }

    public Uni<Progress> progress(String traceId) {
        Consortium consortium = keys.tracing();
        return onChain(traceId, consortium).chain(chain -> store.find(traceId).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(new Progress(traceId, consortium.threshold(), chain.approvedBy(), 0, 0, false,
                        Optional.empty(), false));
            }
            TraceStore.Trace trace = found.get();
            return store.partials(traceId, Stage.LINK_TAG).chain(link -> store.partials(traceId, Stage.IDENTITY)
                    .chain(identity -> identityEnc(trace).map(enc -> new Progress(traceId, consortium.threshold(),
                            chain.approvedBy(), link.size(), identity.size(), trace.rid().isPresent(), enc,
                            identity.size() >= consortium.threshold()))));
        }));
    }

    /** The identity, for the officer who asked for the trace, once k identity partials are in. */
    public Uni<byte[]> disclose(String traceId, String caller) {
        Consortium consortium = keys.tracing();
        return store.find(traceId).chain(found -> {
            TraceStore.Trace trace = found.orElseThrow(() -> RegistrationException.conflict(
                    "no partial decryption has arrived for this trace yet"));
            if (!trace.requestedBy().equals(caller)) {
                throw RegistrationException.forbidden("only the officer who asked for the trace may see the identity");
            }
            if (trace.rid().isEmpty()) {
                throw RegistrationException.conflict("the link tag is not open yet: it needs " + consortium.threshold()
                        + " officers' partial decryptions");
            }
            return store.partials(traceId, Stage.IDENTITY).chain(partials -> {
                if (partials.size() < consortium.threshold()) {
                    throw RegistrationException.conflict("the identity needs " + consortium.threshold()
                            + " officers' partial decryptions; " + partials.size() + " arrived");
                }
                return envelope(trace).map(envelope -> {
                    try {
                        byte[] identity = ThresholdEscrow.openIdentity(parse(partials), consortium.verificationKeys().orElseThrow(),
                                envelope);
                        LOG.infof("trace %s: identity disclosed to officer %s", traceId, caller);
                        return identity;
                    } catch (GeneralSecurityException e) {
                        LOG.errorf("trace %s: verified partial decryptions did not open the identity", traceId);
                        throw new IllegalStateException("the identity envelope does not open");
                    }
                });
            });
        });
    }

    private Uni<Void> acceptLinkTagPartial(TraceStore.Trace trace, String officerId, PartialDecryption partial,
            byte[] partialBytes, EscrowVerificationKeys verificationKeys) {
        byte[] enc;
        try {
            enc = EscrowCipher.encapsulatedKey(trace.linkTag());
            ThresholdEscrow.verify(partial, verificationKeys, enc);
        } catch (InvalidPartialDecryptionException e) {
            throw RegistrationException.badRequest("partial: its proof does not verify for this certificate's link tag");
        } catch (GeneralSecurityException e) {
            throw RegistrationException.badRequest("the certificate's link tag is malformed");
        }
        return store.insertPartial(trace.traceId(), new TraceStore.Partial(Stage.LINK_TAG, partial.index(), officerId,
                        partialBytes), clock.instant())
                .chain(() -> store.partials(trace.traceId(), Stage.LINK_TAG))
                .chain(partials -> {
                    if (partials.size() < verificationKeys.threshold() || trace.rid().isPresent()) {
                        return Uni.createFrom().voidItem();
                    }
                    byte[] rid;
                    try {
                        rid = ThresholdEscrow.openLinkTag(parse(partials), verificationKeys, trace.linkTag());
                    } catch (GeneralSecurityException e) {
                        LOG.errorf("trace %s: verified partial decryptions did not open the link tag", trace.traceId());
                        throw RegistrationException.conflict("the link tag does not open; it was not made for this consortium");
                    }
                    if (rid.length != Rid.SIZE) {
                        throw RegistrationException.conflict("the link tag does not hold a registration id");
                    }
                    return registrations.find(Rid.of(rid)).chain(found -> {
                        if (found.isEmpty()) {
                            throw RegistrationException.conflict("the link tag names no registration of this RBC");
                        }
                        LOG.infof("trace %s: link tag opened by %d officers", trace.traceId(), partials.size());
                        return store.setRid(trace.traceId(), rid, clock.instant());
                    });
                });
    }

    private Uni<Void> acceptIdentityPartial(TraceStore.Trace trace, String officerId, PartialDecryption partial,
            byte[] partialBytes, EscrowVerificationKeys verificationKeys) {
        if (trace.rid().isEmpty()) {
            throw RegistrationException.conflict("the link tag is not open yet; send link-tag partials first");
        }
        return envelope(trace).chain(envelope -> {
            try {
                ThresholdEscrow.verify(partial, verificationKeys, envelope.encapsulatedKey());
            } catch (GeneralSecurityException e) {
                throw RegistrationException.badRequest("partial: its proof does not verify for this identity envelope");
            }
            return store.insertPartial(trace.traceId(), new TraceStore.Partial(Stage.IDENTITY, partial.index(), officerId,
                    partialBytes), clock.instant()).replaceWithVoid();
        });
    }

    /** The stored trace, made on the first partial from the certificate the caller sends. */
    private Uni<TraceStore.Trace> traceRecord(String traceId, OnChain chain, Optional<byte[]> certificateDer) {
        return store.find(traceId).chain(found -> {
            if (found.isPresent()) {
                return Uni.createFrom().item(found.get());
            }
            byte[] der = certificateDer.orElseThrow(() -> RegistrationException.badRequest(
                    "certificate: the first partial decryption of a trace must come with the traced certificate"));
            Hash hash = Hash.sha256(der);
            if (!hash.contentEquals(chain.request().getCertificateHash().toByteArray())) {
                throw RegistrationException.badRequest("certificate: is not the certificate the trace request names");
            }
            byte[] linkTag;
            try {
                linkTag = AnonymousCertificate.parse(der).linkTag();
            } catch (MalformedPkiDataException e) {
                throw RegistrationException.badRequest("certificate: " + e.getMessage());
            }
            return store.insertIfAbsent(traceId, hash, chain.request().getRequestedBy(), linkTag)
                    .chain(() -> store.find(traceId))
                    .map(Optional::orElseThrow);
        });
    }

    private Uni<Optional<byte[]>> identityEnc(TraceStore.Trace trace) {
        if (trace.rid().isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return envelope(trace).map(envelope -> Optional.of(envelope.encapsulatedKey()));
    }

    private Uni<IdentityEnvelope> envelope(TraceStore.Trace trace) {
        return registrations.identityEnvelope(Rid.of(trace.rid().orElseThrow())).map(found -> {
            try {
                return IdentityEnvelope.parse(found.orElseThrow());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("a stored identity envelope is malformed");
            }
        });
    }

    /** The trace request and its valid approvals, read from cbc through the ledger. */
    Uni<OnChain> onChain(String traceId, Consortium consortium) {
        return transaction(Tracing.requestKey(traceId)).chain(found -> {
            TraceRequest request = found.map(bytes -> {
                try {
                    return TraceRequest.parseFrom(bytes);
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException("a trace request on cbc is malformed");
                }
            }).orElseThrow(() -> RegistrationException.forbidden("there is no such trace request on cbc"));
            List<Uni<Optional<String>>> approvals = new ArrayList<>();
            for (String officer : new TreeSet<>(consortium.officers().keySet())) {
                approvals.add(transaction(Tracing.approvalKey(traceId, officer))
                        .map(bytes -> bytes.flatMap(value -> validApproval(value, request, officer, consortium))));
            }
            return Uni.join().all(approvals).andFailFast().map(results -> {
                Set<String> approvedBy = new TreeSet<>();
                results.forEach(result -> result.ifPresent(approvedBy::add));
                return new OnChain(request, approvedBy);
            });
        });
    }

    private static Optional<String> validApproval(byte[] value, TraceRequest request, String officer, Consortium consortium) {
        try {
            TraceApproval approval = TraceApproval.parseFrom(value);
            if (!approval.getOfficerId().equals(officer) || !approval.getTraceId().equals(request.getTraceId())
                    || !approval.getCertificateHash().equals(request.getCertificateHash())) {
                return Optional.empty();
            }
            Tracing.verify(approval, consortium);
            return Optional.of(officer);
        } catch (InvalidProtocolBufferException | GeneralSecurityException e) {
            LOG.warnf("trace %s: an approval on cbc does not verify; ignored", request.getTraceId());
            return Optional.empty();
        }
    }

    /** The payload of the committed cbc transaction with this key, if there is one. */
    private Uni<Optional<byte[]>> transaction(String idempotencyKey) {
        return ledger.withDeadlineAfter(config.ledgerTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .getTransaction(GetTransactionRequest.newBuilder().setChannel(Channel.CHANNEL_CBC)
                        .setIdempotencyKey(idempotencyKey).build())
                .map(response -> Optional.of(response.getTransaction().getTyped().getValue().toByteArray()))
                .onFailure(StatusRuntimeException.class).recoverWithUni(failure -> {
                    if (((StatusRuntimeException) failure).getStatus().getCode() == Status.Code.NOT_FOUND) {
                        return Uni.createFrom().item(Optional.<byte[]>empty());
                    }
                    return Uni.createFrom().failure(new org.carechain.service.ledger.LedgerSubmitter.LedgerUnavailableException(
                            "the ledger cannot be read; try again later"));
                });
    }

    private static List<PartialDecryption> parse(List<TraceStore.Partial> stored) throws GeneralSecurityException {
        List<PartialDecryption> partials = new ArrayList<>(stored.size());
        for (TraceStore.Partial partial : stored) {
            partials.add(PartialDecryption.parse(partial.partial()));
        }
        return partials;
    }
}
