package org.carechain.ledger.interop;

import java.util.HexFormat;
import java.util.List;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.consent.ConsentDecision;
import org.carechain.ledger.core.consent.ConsentGrant;
import org.carechain.proto.consent.v1.AccessEvent;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON views of consent and access: pseudonyms, ids, codes, hashes (hex) and times only. */
public final class InteropJson {

    private static final HexFormat HEX = HexFormat.of();

    private InteropJson() {}

    @Schema(name = "ConsentGrant", description = "A consent provision as the chain holds it (FHIR Consent.provision).")
    public record GrantView(String patientRef, String grantor, String provision, String actorProvider,
            String actorClinician, List<String> resourceTypes,
            @Schema(description = "Confidentiality codes covered; empty means U, L, M and N") List<String> securityLabels,
            @Schema(description = "PurposeOfUse codes covered; empty means any") List<String> purposes,
            long periodStartMillis, long periodEndMillis, long grantedAtMillis) {}

    @Schema(name = "ConsentRevocation")
    public record RevocationView(String patientRef, String grantor, String grantTransaction, long revokedAtMillis) {}

    @Schema(name = "AccessEvent", description = "One access to a patient's records (IHE BALP): READ, EXPORT or OVERRIDE, "
            + "permitted or refused, with the consent decision it rested on.")
    public record AccessView(String requestId, String kind, String outcome, String patientRef, String requester,
            String requesterRole, String requestingProvider, String servingProvider, List<String> recordRefs,
            String purposeOfUse, String reason, List<String> basis, long consentHeight, long atMillis) {}

    @Schema(name = "ConsentDecision", description = "Permit or deny, why, and the consent transactions it rests on, "
            + "as of consentHeight: replaying the rules over the patient's grants at that height gives it again.")
    public record DecisionView(@Schema(enumeration = {"permit", "deny"}) String decision, String reason, String message,
            List<String> basis, long consentHeight) {}

    public static GrantView grant(ConsentGrant grant) {
        boolean provider = grant.actor().kind() == ConsentGrant.Actor.Kind.PROVIDER;
        return new GrantView(grant.patientRef().toHex(), grant.grantor(), grant.provision().name().toLowerCase(),
                provider ? grant.actor().id() : null, provider ? null : grant.actor().id(),
                List.copyOf(grant.resourceTypes()), grant.securityLabels().stream().map(Enum::name).sorted().toList(),
                List.copyOf(grant.purposes()), grant.periodStartMillis(), grant.periodEndMillis(), grant.grantedAtMillis());
    }

    public static RevocationView revocation(ConsentCodec.Revocation revocation) {
        return new RevocationView(revocation.patientRef().toHex(), revocation.grantor(),
                revocation.grantTransaction().toHex(), revocation.revokedAtMillis());
    }

    public static AccessView access(AccessEvent event) {
        return new AccessView(HEX.formatHex(event.getRequestId().toByteArray()),
                event.getKind().name().substring("ACCESS_KIND_".length()),
                event.getOutcome().name().substring("ACCESS_OUTCOME_".length()),
                HEX.formatHex(event.getPatientRef().toByteArray()), event.getRequester(), event.getRequesterRole(),
                event.getRequestingProvider(), event.getServingProvider(),
                event.getRecordRefsList().stream().map(b -> HEX.formatHex(b.toByteArray())).toList(),
                event.getPurposeOfUse(), event.getReason(),
                event.getBasisList().stream().map(b -> HEX.formatHex(b.toByteArray())).toList(),
                event.getConsentHeight(), event.getAtMillis());
    }

    public static DecisionView decision(ConsentDecision decision) {
        return new DecisionView(decision.permitted() ? "permit" : "deny", decision.reason().name(),
                decision.reason().message(), decision.basis().stream().map(Hash::toHex).toList(), decision.consentHeight());
    }
}
