package org.carechain.ledger.api.rest;

import com.google.protobuf.ByteString;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.carechain.crypto.Hash;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.ledger.api.grpc.ProtoMapping;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.consent.AccessRequest;
import org.carechain.ledger.interop.ConsentCodec;
import org.carechain.ledger.interop.ExchangeGateway;
import org.carechain.service.error.ApiException;
import org.carechain.ledger.interop.InteropNode;
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.proto.exchange.v1.FetchRecordsRequest;
import org.carechain.proto.exchange.v1.FetchRecordsResponse;
import org.carechain.service.audit.AuditLog;
import org.carechain.service.credential.CertificateBinding;
import org.carechain.service.error.ErrorResponse;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The requesting side of a record exchange (provider A): a clinician (or a patient, for their own
 * records) asks this gateway for a patient's records at another provider. The request goes on over
 * gRPC to that provider's gateway with the caller's own token; the sealed answer comes back with,
 * for every record, its latest record event's proof from this node, so the caller's app can check
 * each record against the ledger before showing it (docs/interop.md).
 */
@Path("/api/v1/exchange/requests")
@Tag(name = "Exchange")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class ExchangeResource {

    @Inject
    InteropNode node;

    @Inject
    ExchangeGateway gateway;

    @Inject
    AuditLog audit;

    @Inject
    JsonWebToken caller;

    /** Evidence lookups in flight at once for one answer. */
    private static final int EVIDENCE_CONCURRENCY = 8;

    private final SecureRandom random = new SecureRandom();

    @Schema(name = "ExchangeRequest")
    public record ExchangeRequest(
            @Schema(description = "The provider holding the records, e.g. hospital2") String provider,
            @Schema(description = "The patient's consortium pseudonym (64 hex); a patient's own when absent") String patientRef,
            @Schema(description = "FHIR resource types, 1 to 16") List<String> resourceTypes,
            @Schema(description = "Clinical date from (YYYY-MM-DD, inclusive); absent for open") String from,
            @Schema(description = "Clinical date to (YYYY-MM-DD, exclusive); absent for open") String to,
            @Schema(description = "HL7 PurposeOfUse; default TREAT, or ETREAT with emergency") String purposeOfUse,
            @Schema(description = "Break-the-glass: read without consent; recorded as OVERRIDE") Boolean emergency,
            @Schema(description = "The caller's anonymous certificate (PEM or base64 DER); the token must be bound to it")
            String certificate) {}

    @Schema(name = "ExchangeRecord", description = "One record of the answer: its pseudonym, and the proof (base64 of a "
            + "ledger GetTransactionResponse) of its latest record event on this node, or null if this node has none.")
    public record RecordEvidence(String resourceType, String recordRef, String proof) {}

    @Schema(name = "ExchangeAnswer", description = "The sealed FHIR Bundle (open it with the certificate's key; "
            + "docs/interop.md) and the evidence to verify each record against the ledger.")
    public record ExchangeAnswer(String requestId, String servingProvider, String requestingProvider,
            String patientRef, String accessEventTransaction, String reason, List<String> basis, long consentHeight,
            String sealedBundle, List<RecordEvidence> records) {}

    @POST
    @RolesAllowed({"clinician", "patient"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Fetch a patient's records from another provider, sealed to the caller's certificate key",
            description = "Roles: clinician (under the patient's consent, or break-the-glass with emergency=true and "
                    + "purposeOfUse ETREAT), patient (own records). The serving provider records the access on the ehr "
                    + "channel before answering; a refusal is recorded too.")
    @APIResponse(responseCode = "200", description = "The sealed answer with per-record evidence")
    @APIResponse(responseCode = "400", description = "An invalid field", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired or forged token", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Consent refused (with its reason code), another patient's records, "
            + "or a token not bound to the certificate", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "An unknown provider", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "502", description = "The serving provider did not answer", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<ExchangeAnswer> fetch(ExchangeRequest body) {
        if (body == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        String provider = body.provider();
        if (provider == null || provider.isBlank()) {
            throw ApiException.badRequest("provider is required");
        }
        Hash patient = body.patientRef() == null && caller.getGroups().contains("patient")
                ? MyTrailResource.patientOf(caller) : RestInput.hash("patientRef", body.patientRef());
        if (body.resourceTypes() != null && body.resourceTypes().contains(null)) {
            throw ApiException.badRequest("resourceTypes: must not hold null");
        }
        AnonymousCertificate certificate = certificate(body.certificate());
        boolean emergency = Boolean.TRUE.equals(body.emergency());
        String purpose = body.purposeOfUse() != null ? body.purposeOfUse() : emergency ? AccessRequest.ETREAT : AccessRequest.TREAT;
        byte[] requestId = new byte[ConsentCodec.REQUEST_ID_BYTES];
        random.nextBytes(requestId);
        String requestingProvider = node.provider();
        FetchRecordsRequest request = FetchRecordsRequest.newBuilder()
                .setRequestId(ByteString.copyFrom(requestId))
                .setRequesterToken(caller.getRawToken())
                .setRequesterCertificate(ByteString.copyFrom(certificate.toDer()))
                .setRequestingProvider(requestingProvider)
                .setPatientRef(ConsentCodec.bytes(patient))
                .addAllResourceTypes(body.resourceTypes() == null ? List.of() : body.resourceTypes())
                .setFromMillis(date(body.from(), "from"))
                .setToMillis(date(body.to(), "to"))
                .setPurposeOfUse(purpose)
                .setEmergency(emergency)
                .build();
        ChannelRuntime ehr = node.ehr();
        return gateway.fetch(provider, request)
                .onFailure().call(() -> audit.record(caller.getSubject(), "exchange.request", "refused"))
                .flatMap(answer -> evidence(ehr, answer).map(records -> new ExchangeAnswer(HexFormat.of().formatHex(requestId),
                        answer.getServingProvider(), requestingProvider, patient.toHex(),
                        HexFormat.of().formatHex(answer.getAccessEventTxHash().toByteArray()), answer.getReason(),
                        answer.getBasisList().stream().map(b -> HexFormat.of().formatHex(b.toByteArray())).toList(),
                        answer.getConsentHeight(), Base64.getEncoder().encodeToString(answer.getSealedBundle().toByteArray()),
                        records)))
                .call(() -> audit.record(caller.getSubject(), "exchange.request", "permitted"));
    }

    @Schema(name = "MismatchReport", description = "Records of an exchange answer that failed the requester's verification.")
    public record MismatchReport(String servingProvider, List<Mismatch> mismatches) {}

    @Schema(name = "Mismatch")
    public record Mismatch(@Schema(description = "The record's pseudonym (64 hex)") String recordRef,
            @Schema(enumeration = {"NO_EVIDENCE", "PROOF_INVALID", "NOT_THIS_RECORD", "DELETED_ON_CHAIN", "CONTENT_ALTERED"})
            String problem) {}

    @Schema(name = "MismatchReceipt")
    public record MismatchReceipt(int recorded) {}

    @POST
    @Path("/{requestId}/mismatches")
    @RolesAllowed({"clinician", "patient"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report records of an answer that failed verification",
            description = "Roles: clinician, patient. The requester's app reports what it did not show, so the "
                    + "requesting provider sees it: the audit log, the carechain_exchange_mismatches_total counter "
                    + "(by serving provider and problem) and a warning naming the provider, the record pseudonyms and "
                    + "the problems. A report is the requester's claim; the serving provider's integrity audit "
                    + "(carechain audit) confirms it.")
    @APIResponse(responseCode = "202", description = "Recorded")
    @APIResponse(responseCode = "400", description = "An invalid field", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "401", description = "Missing, expired or invalid token", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<jakarta.ws.rs.core.Response> mismatches(@PathParam("requestId") String requestId, MismatchReport report) {
        if (requestId == null || !requestId.matches("[0-9a-f]{" + 2 * ConsentCodec.REQUEST_ID_BYTES + "}")) {
            throw ApiException.badRequest("requestId: must be " + 2 * ConsentCodec.REQUEST_ID_BYTES + " lowercase hex digits");
        }
        if (report == null || report.mismatches() == null || report.mismatches().isEmpty()
                || report.mismatches().size() > ConsentCodec.MAX_RECORD_REFS) {
            throw ApiException.badRequest("mismatches: 1 to " + ConsentCodec.MAX_RECORD_REFS + " entries are required");
        }
        String provider = org.carechain.ledger.core.Ids.require(report.servingProvider(), "servingProvider");
        java.util.Map<String, java.util.List<String>> byProblem = new java.util.TreeMap<>();
        for (Mismatch mismatch : report.mismatches()) {
            Hash ref = RestInput.hash("recordRef", mismatch == null ? null : mismatch.recordRef());
            String problem = mismatch.problem();
            if (problem == null || !MISMATCH_PROBLEMS.contains(problem)) {
                throw ApiException.badRequest("problem: must be one of " + MISMATCH_PROBLEMS);
            }
            byProblem.computeIfAbsent(problem, p -> new java.util.ArrayList<>()).add(ref.toHex());
        }
        byProblem.forEach((problem, refs) -> {
            registry.counter("carechain.exchange.mismatches", "provider", provider, "problem", problem).increment(refs.size());
            LOG.warnf("provider %s served %d record(s) that failed the requester's verification (%s), request %s: %s",
                    provider, refs.size(), problem, requestId, String.join(", ", refs));
        });
        return audit.record(caller.getSubject(), "exchange.mismatch", Integer.toString(report.mismatches().size()))
                .replaceWith(jakarta.ws.rs.core.Response.accepted(new MismatchReceipt(report.mismatches().size())).build());
    }

    /** The requester's verifier's problem names (ehr ExchangeVerifier.Problem). */
    private static final java.util.Set<String> MISMATCH_PROBLEMS = java.util.Arrays.stream(
            org.carechain.ehr.exchange.ExchangeVerifier.Problem.values()).map(Enum::name)
            .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ExchangeResource.class);

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    /** Each record's latest event on this node, with its proof; in the answer's order. */
    private static Uni<List<RecordEvidence>> evidence(ChannelRuntime ehr, FetchRecordsResponse answer) {
        if (answer.getRecordsCount() == 0) {
            return Uni.createFrom().item(List.of());
        }
        // A few lookups at a time: each is two or three indexed reads, and 50 in a row cost more than the rest.
        List<org.carechain.proto.exchange.v1.RecordRef> records = answer.getRecordsList();
        return Multi.createFrom().range(0, records.size())
                .onItem().transformToUni(i -> {
                    org.carechain.proto.exchange.v1.RecordRef record = records.get(i);
                    Hash ref = ConsentCodec.hash(record.getRecordRef(), "record_ref");
                    return ehr.records().record(Channel.EHR, answer.getServingProvider(), record.getResourceType(), ref)
                            .flatMap(state -> state.isEmpty() ? Uni.createFrom().item(java.util.Optional.<String>empty())
                                    : ehr.proofs().byHash(state.get().transactionHash()).map(proven -> proven.map(p ->
                                            Base64.getEncoder().encodeToString(ProtoMapping.provenTransaction(p).toByteArray()))))
                            .map(proof -> java.util.Map.entry(i, new RecordEvidence(record.getResourceType(), ref.toHex(),
                                    proof.orElse(null))));
                })
                .merge(EVIDENCE_CONCURRENCY)
                .collect().asList()
                .map(found -> found.stream().sorted(java.util.Map.Entry.comparingByKey()).map(java.util.Map.Entry::getValue)
                        .toList());
    }

    private AnonymousCertificate certificate(String text) {
        return CertificateBinding.boundCertificate(caller, text,
                "your anonymous certificate is required; the answer is sealed to its key");
    }

    private static long date(String value, String field) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + " must be a date YYYY-MM-DD");
        }
    }
}
