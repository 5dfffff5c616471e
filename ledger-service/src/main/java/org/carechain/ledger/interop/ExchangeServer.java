package org.carechain.ledger.interop;

import org.carechain.service.error.ApiException;

import com.google.protobuf.ByteString;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.carechain.crypto.Hash;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.pki.MalformedPkiDataException;
import org.carechain.ehr.exchange.ExchangeBundle;
import org.carechain.ehr.exchange.SealedBundle;
import org.carechain.ledger.capture.EhrCapture;
import org.carechain.ledger.core.Ids;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.consent.AccessRequest;
import org.carechain.ledger.core.consent.ConsentDecision;
import org.carechain.ledger.core.consent.ConsentGrant;
import org.carechain.ledger.core.consent.ConsentPolicy;
import org.carechain.proto.consent.v1.AccessEvent;
import org.carechain.proto.consent.v1.AccessKind;
import org.carechain.proto.consent.v1.AccessOutcome;
import org.carechain.proto.exchange.v1.FetchRecordsRequest;
import org.carechain.proto.exchange.v1.FetchRecordsResponse;
import org.carechain.proto.exchange.v1.RecordRef;
import org.carechain.service.audit.AuditLog;
import org.carechain.service.credential.CertificateBinding;
import org.carechain.service.ledger.LedgerSubmitter;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * The serving side of a record exchange (provider B): checks the requester's own token and
 * certificate, decides consent on the chain, reads the patient's records from the EHR database,
 * records the access on the ehr channel, and only then answers with the records sealed to the
 * requester's certificate key. A refusal on consent is recorded on the chain too; a refusal of the
 * credentials is recorded in the audit log (there is no trustworthy requester to put on the chain).
 */
@ApplicationScoped
public class ExchangeServer {

    private static final Logger LOG = Logger.getLogger(ExchangeServer.class);

    /** Most resource types one request asks for. */
    public static final int MAX_TYPES = 16;

    @Inject
    InteropNode node;

    @Inject
    ConsentService consent;

    @Inject
    InteropConfig config;

    @Inject
    EhrCapture capture;

    @Inject
    JWTParser parser;

    @Inject
    AuditLog audit;

    private final SecureRandom random = new SecureRandom();
    private volatile PatientRecords records;

    /** A checked request: who asks, for whom, for what. */
    private record Checked(FetchRecordsRequest request, JsonWebToken token, String role, AnonymousCertificate certificate,
            Hash patient, Hash ownPatient, List<String> types) {}

    public Uni<FetchRecordsResponse> fetch(FetchRecordsRequest request) {
        return Uni.createFrom().deferred(() -> {
            Checked checked;
            try {
                checked = check(request);
            } catch (ApiException e) {
                return audit.record("anonymous", "exchange.serve", "refused")
                        .onItem().transformToUni(ignored -> Uni.createFrom().<FetchRecordsResponse>failure(e));
            }
            return serve(checked);
        });
    }

    private Checked check(FetchRecordsRequest request) {
        if (request.getRequestId().size() != ConsentCodec.REQUEST_ID_BYTES) {
            throw ApiException.badRequest("request_id must be " + ConsentCodec.REQUEST_ID_BYTES + " bytes");
        }
        Hash patient;
        List<String> types;
        try {
            patient = ConsentCodec.hash(request.getPatientRef(), "patient_ref");
            Ids.require(request.getRequestingProvider(), "requesting_provider");
            if (request.getResourceTypesCount() == 0 || request.getResourceTypesCount() > MAX_TYPES) {
                throw new IllegalArgumentException("resource_types must list 1 to " + MAX_TYPES + " FHIR types");
            }
            types = List.copyOf(new TreeSet<>(request.getResourceTypesList()));
            types.forEach(ConsentGrant::requireResourceType);
            ConsentGrant.requirePurpose(request.getPurposeOfUse());
            if (request.getFromMillis() < 0 || request.getToMillis() < 0
                    || (request.getToMillis() > 0 && request.getToMillis() <= request.getFromMillis())) {
                throw new IllegalArgumentException("from_millis and to_millis must not be negative, and to after from");
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (request.getRequesterToken().isEmpty()) {
            throw ApiException.unauthenticated("requester_token is required");
        }
        JsonWebToken token;
        try {
            token = parser.parse(request.getRequesterToken());
        } catch (ParseException e) {
            throw ApiException.unauthenticated("the requester's token is not valid: expired, forged or not ours");
        }
        String role = token.getGroups().contains(ConsentPolicy.CLINICIAN) ? ConsentPolicy.CLINICIAN
                : token.getGroups().contains(ConsentPolicy.PATIENT) ? ConsentPolicy.PATIENT : null;
        if (role == null || token.getSubject() == null) {
            throw ApiException.forbidden("only a clinician, or a patient for their own records, may fetch records");
        }
        AnonymousCertificate certificate;
        try {
            certificate = AnonymousCertificate.parse(request.getRequesterCertificate().toByteArray());
        } catch (MalformedPkiDataException e) {
            throw ApiException.badRequest("requester_certificate is not an anonymous certificate (DER)");
        }
        try {
            CertificateBinding.requireBound(token, certificate, Instant.now());
        } catch (CertificateBinding.NotBoundException e) {
            throw ApiException.forbidden(e.getMessage());
        }
        Hash own = null;
        if (role.equals(ConsentPolicy.PATIENT)) {
            if (!org.carechain.ledger.api.rest.MyTrailResource.claimedPatient(token).map(patient::equals).orElse(false)) {
                throw ApiException.forbidden("a patient may fetch only their own records (the token's patient_ref)");
            }
            own = patient;
        }
        return new Checked(request, token, role, certificate, patient, own, types);
    }

    private Uni<FetchRecordsResponse> serve(Checked checked) {
        FetchRecordsRequest request = checked.request();
        String provider = node.provider();
        long now = System.currentTimeMillis();
        AccessRequest base = new AccessRequest(checked.patient(), request.getRequestingProvider(), checked.token().getSubject(),
                checked.role(), checked.types().get(0), RecordEvent.SecurityLabel.N, request.getPurposeOfUse(),
                request.getEmergency(), now);
        return consent.grants(checked.patient(), 0).flatMap(grants -> {
            // The request as a whole: refused if no asked type is allowed at the normal label.
            List<String> allowedTypes = new ArrayList<>();
            ConsentDecision first = null;
            for (String type : checked.types()) {
                ConsentDecision decision = grants.decide(base.about(type, RecordEvent.SecurityLabel.N), checked.ownPatient());
                first = first == null || (!first.permitted() && decision.permitted()) ? decision : first;
                if (decision.permitted()) {
                    allowedTypes.add(type);
                }
            }
            ConsentDecision overall = first;
            if (allowedTypes.isEmpty()) {
                AccessEvent refused = event(checked, provider, AccessOutcome.ACCESS_OUTCOME_REFUSED, List.of(), overall,
                        Set.copyOf(overall.basis()), now);
                return node.admit(LedgerSubmitter.transaction(Channel.EHR, idempotencyKey(request), refused))
                        .call(() -> audit.record(checked.token().getSubject(), "exchange.serve", "refused"))
                        .onItem().transformToUni(hash -> Uni.createFrom().<FetchRecordsResponse>failure(
                                ApiException.forbidden("consent refused (" + overall.reason().name() + "): "
                                        + overall.reason().message())));
            }
            return Uni.createFrom().item(() -> read(checked, allowedTypes))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .flatMap(rows -> {
                        List<ExchangeBundle.Entry> entries = new ArrayList<>();
                        Set<Hash> basis = new TreeSet<>(overall.basis());
                        for (PatientRecords.Row row : rows) {
                            ConsentDecision decision = grants.decide(base.about(row.entry().resourceType(), row.label()),
                                    checked.ownPatient());
                            if (decision.permitted()) {
                                entries.add(row.entry());
                                basis.addAll(decision.basis());
                            }
                        }
                        AccessEvent event = event(checked, provider, AccessOutcome.ACCESS_OUTCOME_PERMITTED,
                                entries.stream().map(ExchangeBundle.Entry::recordRef).toList(), overall, basis, now);
                        return node.admit(LedgerSubmitter.transaction(Channel.EHR, idempotencyKey(request), event))
                                .map(eventHash -> answer(checked, provider, entries, overall, basis, eventHash));
                    })
                    .call(() -> audit.record(checked.token().getSubject(), "exchange.serve", "permitted"));
        });
    }

    private List<PatientRecords.Row> read(Checked checked, List<String> types) {
        try {
            List<PatientRecords.Row> rows = patientRecords().read(checked.patient(), types,
                    checked.request().getFromMillis(), checked.request().getToMillis(), config.maxRecords())
                    .orElse(List.of());
            if (rows.size() > config.maxRecords()) {
                throw ApiException.badRequest("more than " + config.maxRecords() + " records match; narrow the date range");
            }
            return rows;
        } catch (SQLException e) {
            LOG.warnf("cannot read the EHR database for an exchange (SQLState %s)", e.getSQLState());
            throw ApiException.unavailable("the provider's EHR database cannot be read now; retry later");
        }
    }

    private FetchRecordsResponse answer(Checked checked, String provider, List<ExchangeBundle.Entry> entries,
            ConsentDecision decision, Set<Hash> basis, Hash eventHash) {
        FetchRecordsRequest request = checked.request();
        String bundle = ExchangeBundle.write(patientRecordsSalt(), entries, Instant.now());
        byte[] info = SealedBundle.info(request.getRequestId().toByteArray(), provider, request.getRequestingProvider(),
                checked.patient());
        byte[] sealed = SealedBundle.seal(checked.certificate(), bundle.getBytes(StandardCharsets.UTF_8), info, random);
        FetchRecordsResponse.Builder response = FetchRecordsResponse.newBuilder()
                .setServingProvider(provider)
                .setAccessEventTxHash(ConsentCodec.bytes(eventHash))
                .setReason(decision.reason().name())
                .setConsentHeight(decision.consentHeight())
                .setSealedBundle(ByteString.copyFrom(sealed));
        basis.forEach(hash -> response.addBasis(ConsentCodec.bytes(hash)));
        entries.forEach(entry -> response.addRecords(RecordRef.newBuilder()
                .setResourceType(entry.resourceType()).setRecordRef(ConsentCodec.bytes(entry.recordRef()))));
        return response.build();
    }

    private AccessEvent event(Checked checked, String provider, AccessOutcome outcome, List<Hash> recordRefs,
            ConsentDecision decision, Set<Hash> basis, long now) {
        FetchRecordsRequest request = checked.request();
        AccessKind kind = request.getEmergency() ? AccessKind.ACCESS_KIND_OVERRIDE
                : checked.role().equals(ConsentPolicy.PATIENT) ? AccessKind.ACCESS_KIND_EXPORT : AccessKind.ACCESS_KIND_READ;
        AccessEvent.Builder event = AccessEvent.newBuilder()
                .setRequestId(request.getRequestId())
                .setKind(kind)
                .setOutcome(outcome)
                .setPatientRef(request.getPatientRef())
                .setRequester(checked.token().getSubject())
                .setRequesterRole(checked.role())
                .setRequestingProvider(request.getRequestingProvider())
                .setServingProvider(provider)
                .setPurposeOfUse(request.getPurposeOfUse())
                .setReason(decision.reason().name())
                .setConsentHeight(decision.consentHeight())
                .setAtMillis(now);
        recordRefs.forEach(ref -> event.addRecordRefs(ConsentCodec.bytes(ref)));
        new LinkedHashSet<>(basis).forEach(hash -> event.addBasis(ConsentCodec.bytes(hash)));
        return event.build();
    }

    private static String idempotencyKey(FetchRecordsRequest request) {
        return "access/" + java.util.HexFormat.of().formatHex(request.getRequestId().toByteArray());
    }

    private PatientRecords patientRecords() {
        PatientRecords known = records;
        if (known == null) {
            known = new PatientRecords(capture.records().orElseThrow(() -> ApiException.unavailable(
                    "this ledger node does not read a provider's EHR database (change capture is off)")));
            records = known;
        }
        return known;
    }

    private byte[] patientRecordsSalt() {
        return capture.records().map(org.carechain.ledger.capture.EhrRecords::contentSalt)
                .orElseThrow(() -> ApiException.unavailable("this ledger node has no provider keys"));
    }

    /** Whether this node can serve exchanges. */
    public Optional<String> servingProvider() {
        return capture.records().map(org.carechain.ledger.capture.EhrRecords::provider);
    }
}
