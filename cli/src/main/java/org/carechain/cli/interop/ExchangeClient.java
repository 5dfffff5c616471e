package org.carechain.cli.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.carechain.cli.search.SearchClient;
import org.carechain.cli.verify.ResponseMapping;
import org.carechain.crypto.Hash;
import org.carechain.ehr.exchange.ExchangeBundle;
import org.carechain.ehr.exchange.ExchangeVerifier;
import org.carechain.ehr.exchange.SealedBundle;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.verify.LedgerVerifier;
import org.carechain.ledger.core.verify.TransactionProof;
import org.carechain.proto.ledger.v1.GetTransactionResponse;

/**
 * The requester's side of a record exchange (the SDK behind {@code carechain exchange fetch};
 * docs/interop.md): it asks its own provider's gateway for a patient's records at another
 * provider, opens the bundle sealed to its certificate's key, and verifies every record against
 * the {@code ehr} genesis with the gateway's per-record proofs. Only verified records come back as
 * readable content; a record that fails is named by its pseudonym and its problem.
 */
public final class ExchangeClient {

    private final GatewayHttp http;
    private final LedgerVerifier ledger;

    /** A client of the gateway at {@code gateway}, checking proofs against the ehr channel's genesis. */
    public ExchangeClient(URI gateway, Genesis ehrGenesis) {
        this.http = new GatewayHttp(gateway);
        this.ledger = LedgerVerifier.forGenesis(Objects.requireNonNull(ehrGenesis, "ehrGenesis"));
    }

    /** What to ask for: the serving provider, the patient's pseudonym, types, a date range, purpose. */
    public record Request(String provider, Hash patientRef, List<String> resourceTypes, LocalDate from, LocalDate to,
            String purposeOfUse, boolean emergency) {

        public Request {
            Objects.requireNonNull(provider, "provider");
            resourceTypes = List.copyOf(resourceTypes);
        }
    }

    /** One record the serving provider sent, as the gateway listed it, and whether it verified. */
    public record RecordResult(String resourceType, Hash recordRef, ExchangeVerifier.Problem problem) {

        public boolean verified() {
            return problem == null;
        }
    }

    /**
     * A verified answer: the access as the serving provider recorded it (its event's transaction,
     * the consent reason and basis), every record's outcome, and the readable verified entries.
     *
     * @param undelivered record pseudonyms the gateway listed with evidence but the bundle lacks
     * @param mismatchesReported whether the mismatches (if any) were reported to the gateway
     */
    public record Result(String requestId, String servingProvider, String requestingProvider, Hash patientRef,
            String accessEventTransaction, String reason, List<String> basis, long consentHeight,
            List<RecordResult> records, List<ExchangeBundle.Entry> verified, List<ExchangeVerifier.Mismatch> mismatches,
            List<Hash> undelivered, boolean mismatchesReported) {

        Result reported(boolean reported) {
            return new Result(requestId, servingProvider, requestingProvider, patientRef, accessEventTransaction, reason,
                    basis, consentHeight, records, verified, mismatches, undelivered, reported);
        }

        public boolean allVerified() {
            return mismatches.isEmpty() && undelivered.isEmpty();
        }

        /** The FHIR Bundle of the verified entries only, without the content salt. */
        public String verifiedBundle() {
            return ExchangeVerifier.bundleOf(verified, Instant.now());
        }

        /** How many verified entries of each resource type, in first-seen order. */
        public Map<String, Integer> verifiedTypes() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            verified.forEach(e -> counts.merge(e.resourceType(), 1, Integer::sum));
            return counts;
        }
    }

    /**
     * Fetches, opens and verifies.
     *
     * @throws InteropFailure if the gateway or the serving provider refused (a consent refusal names
     *     its reason code), or the answer does not open or is malformed
     */
    public Result fetch(Request request, SearchClient.Credentials credentials) throws InteropFailure, IOException,
            InterruptedException {
        ObjectNode body = GatewayHttp.JSON.createObjectNode();
        body.put("provider", request.provider());
        if (request.patientRef() != null) {
            body.put("patientRef", request.patientRef().toHex());
        }
        ArrayNode types = body.putArray("resourceTypes");
        request.resourceTypes().forEach(types::add);
        if (request.from() != null) {
            body.put("from", request.from().toString());
        }
        if (request.to() != null) {
            body.put("to", request.to().toString());
        }
        if (request.purposeOfUse() != null) {
            body.put("purposeOfUse", request.purposeOfUse());
        }
        if (request.emergency()) {
            body.put("emergency", true);
        }
        body.put("certificate", credentials.certificate().toPem());
        GatewayHttp.Reply reply = http.post("/api/v1/exchange/requests", credentials.token(), body);
        if (reply.status() != 200) {
            throw InteropFailure.of(reply, "the exchange request was");
        }
        Result result = open(reply.body(), request, credentials);
        return result.mismatches().isEmpty() ? result : result.reported(report(result, credentials));
    }

    /**
     * Tells the gateway which records failed verification (pseudonyms and problems, nothing else),
     * so the requesting provider sees a provider serving altered records. Best effort: a report the
     * gateway does not take changes nothing about what was shown.
     */
    private boolean report(Result result, SearchClient.Credentials credentials) throws IOException, InterruptedException {
        ObjectNode body = GatewayHttp.JSON.createObjectNode();
        body.put("servingProvider", result.servingProvider());
        ArrayNode mismatches = body.putArray("mismatches");
        result.mismatches().forEach(m -> mismatches.addObject().put("recordRef", m.recordRef().toHex())
                .put("problem", m.problem().name()));
        return http.post("/api/v1/exchange/requests/" + result.requestId() + "/mismatches", credentials.token(), body)
                .status() == 202;
    }

    private Result open(JsonNode answer, Request request, SearchClient.Credentials credentials) throws InteropFailure {
        String servingProvider = answer.path("servingProvider").asText();
        if (!servingProvider.equals(request.provider())) {
            throw answerProblem("the answer comes from another provider than the one asked");
        }
        byte[] requestId;
        Hash patientRef;
        try {
            requestId = HexFormat.of().parseHex(answer.path("requestId").asText());
            patientRef = Hash.fromHex(answer.path("patientRef").asText());
        } catch (IllegalArgumentException e) {
            throw answerProblem("the answer's requestId or patientRef is not hex");
        }
        if (request.patientRef() != null && !patientRef.equals(request.patientRef())) {
            throw answerProblem("the answer is about another patient than the one asked");
        }
        byte[] plain;
        try {
            byte[] info = SealedBundle.info(requestId, servingProvider, answer.path("requestingProvider").asText(),
                    patientRef);
            plain = SealedBundle.open(credentials.privateKey(), Base64.getDecoder().decode(answer.path("sealedBundle")
                    .asText()), info);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InteropFailure("SEALED", 0, "the sealed bundle does not open with this certificate's key for this"
                    + " request; nothing was shown");
        }
        ExchangeBundle.Parsed bundle;
        try {
            bundle = ExchangeBundle.parse(plain);
        } catch (IllegalArgumentException e) {
            throw new InteropFailure("ANSWER", 0, "the opened bundle is malformed (" + e.getMessage() + "); nothing was shown");
        }
        Map<Hash, TransactionProof> evidence = new HashMap<>();
        Map<Hash, String> listed = new LinkedHashMap<>();
        for (JsonNode record : answer.path("records")) {
            Hash ref;
            try {
                ref = Hash.fromHex(record.path("recordRef").asText());
            } catch (IllegalArgumentException e) {
                throw answerProblem("a record's recordRef is not 64 hex digits");
            }
            listed.put(ref, record.path("resourceType").asText());
            if (record.hasNonNull("proof")) {
                try {
                    evidence.put(ref, ResponseMapping.transactionProof(GetTransactionResponse.parseFrom(
                            Base64.getDecoder().decode(record.path("proof").asText()))));
                } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                    // A proof that does not even decode is no evidence: the record will not verify.
                }
            }
        }
        ExchangeVerifier.Result checked = ExchangeVerifier.verify(ledger, servingProvider, bundle, evidence);
        Map<Hash, ExchangeVerifier.Problem> problems = new HashMap<>();
        checked.mismatches().forEach(m -> problems.put(m.recordRef(), m.problem()));
        List<RecordResult> records = new ArrayList<>();
        for (ExchangeBundle.Entry entry : bundle.entries()) {
            records.add(new RecordResult(entry.resourceType(), entry.recordRef(), problems.get(entry.recordRef())));
        }
        List<Hash> delivered = bundle.entries().stream().map(ExchangeBundle.Entry::recordRef).toList();
        List<Hash> undelivered = listed.keySet().stream().filter(ref -> !delivered.contains(ref)).toList();
        List<String> basis = new ArrayList<>();
        answer.path("basis").forEach(b -> basis.add(b.asText()));
        return new Result(HexFormat.of().formatHex(requestId), servingProvider, answer.path("requestingProvider").asText(),
                patientRef, answer.path("accessEventTransaction").asText(), answer.path("reason").asText(), basis,
                answer.path("consentHeight").asLong(), records, checked.verified(), checked.mismatches(), undelivered, false);
    }

    private static InteropFailure answerProblem(String message) {
        return new InteropFailure("ANSWER", 0, message + "; nothing was shown");
    }
}
