package org.carechain.ledger.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.carechain.ledger.core.consent.ConsentGrant;
import org.carechain.ledger.core.consent.RecordedGrant;
import org.carechain.proto.consent.v1.AccessEvent;
import org.carechain.proto.consent.v1.AccessKind;
import org.carechain.proto.consent.v1.AccessOutcome;

/**
 * FHIR R4 renderings of what the chain holds: a grant as a {@code Consent}, an access event as an
 * {@code AuditEvent} in the manner of the IHE Basic Audit Log Patterns (BALP), so a hospital SIEM
 * can take them. Patients and people appear as pseudonyms only.
 */
public final class FhirConsent {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CARECHAIN = "https://carechain.org/fhir/";
    private static final String PATIENT_SYSTEM = "urn:carechain:patient-ref";
    private static final String PSEUDONYM_SYSTEM = "urn:carechain:certificate-pseudonym";
    private static final String PROVIDER_SYSTEM = "urn:carechain:provider";
    private static final String TX_SYSTEM = "urn:carechain:ehr-transaction";
    private static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

    private FhirConsent() {}

    /** A grant as a FHIR R4 Consent (scope patient-privacy), its id the grant's transaction hash. */
    public static ObjectNode consent(RecordedGrant recorded) {
        ConsentGrant grant = recorded.grant();
        ObjectNode consent = JSON.createObjectNode();
        consent.put("resourceType", "Consent");
        consent.put("id", recorded.transactionHash().toHex());
        consent.put("status", recorded.revoked().isPresent() ? "inactive" : "active");
        consent.putObject("scope").putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/consentscope").put("code", "patient-privacy");
        consent.putArray("category").addObject().putArray("coding").addObject()
                .put("system", "http://loinc.org").put("code", "59284-0");
        identifier(consent.putObject("patient"), PATIENT_SYSTEM, grant.patientRef().toHex());
        consent.put("dateTime", Instant.ofEpochMilli(grant.grantedAtMillis()).toString());
        consent.putArray("policy").addObject().put("uri", CARECHAIN + "consent-policy/v1");
        ObjectNode provision = consent.putObject("provision");
        provision.put("type", grant.provision() == ConsentGrant.Provision.PERMIT ? "permit" : "deny");
        period(provision.putObject("period"), grant.periodStartMillis(), grant.periodEndMillis());
        ObjectNode actor = provision.putArray("actor").addObject();
        actor.putObject("role").putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/v3-ParticipationType").put("code", "PRCP");
        boolean provider = grant.actor().kind() == ConsentGrant.Actor.Kind.PROVIDER;
        identifier(actor.putObject("reference"), provider ? PROVIDER_SYSTEM : PSEUDONYM_SYSTEM, grant.actor().id());
        if (!grant.resourceTypes().isEmpty()) {
            ArrayNode classes = provision.putArray("class");
            grant.resourceTypes().forEach(type -> classes.addObject()
                    .put("system", "http://hl7.org/fhir/resource-types").put("code", type));
        }
        ArrayNode labels = provision.putArray("securityLabel");
        (grant.securityLabels().isEmpty() ? ConsentGrant.DEFAULT_LABELS : grant.securityLabels()).stream().sorted()
                .forEach(label -> labels.addObject()
                        .put("system", "http://terminology.hl7.org/CodeSystem/v3-Confidentiality").put("code", label.name()));
        if (!grant.purposes().isEmpty()) {
            ArrayNode purposes = provision.putArray("purpose");
            grant.purposes().forEach(purpose -> purposes.addObject().put("system", ACT_REASON).put("code", purpose));
        }
        return consent;
    }

    /** An access event as a FHIR R4 AuditEvent (BALP style: rest/read or export, with the patient and consent). */
    public static ObjectNode auditEvent(AccessEvent event, String transactionHash) {
        ObjectNode audit = JSON.createObjectNode();
        audit.put("resourceType", "AuditEvent");
        audit.put("id", transactionHash);
        audit.putObject("meta").putArray("profile")
                .add("https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientRead");
        boolean export = event.getKind() == AccessKind.ACCESS_KIND_EXPORT;
        audit.putObject("type").put("system", export ? "http://dicom.nema.org/resources/ontology/DCM"
                : "http://terminology.hl7.org/CodeSystem/audit-event-type").put("code", export ? "110106" : "rest")
                .put("display", export ? "Export" : "Restful Operation");
        if (!export) {
            audit.putArray("subtype").addObject().put("system", "http://hl7.org/fhir/restful-interaction").put("code", "read");
        }
        audit.put("action", "R");
        audit.put("recorded", Instant.ofEpochMilli(event.getAtMillis()).toString());
        boolean permitted = event.getOutcome() == AccessOutcome.ACCESS_OUTCOME_PERMITTED;
        audit.put("outcome", permitted ? "0" : "4");
        audit.put("outcomeDesc", event.getReason());
        ArrayNode purpose = audit.putArray("purposeOfEvent").addObject().putArray("coding");
        purpose.addObject().put("system", ACT_REASON).put("code", event.getPurposeOfUse());
        if (event.getKind() == AccessKind.ACCESS_KIND_OVERRIDE) {
            purpose.addObject().put("system", "http://terminology.hl7.org/CodeSystem/v3-ActCode").put("code", "BTG")
                    .put("display", "break the glass");
        }
        ArrayNode agents = audit.putArray("agent");
        ObjectNode requester = agents.addObject();
        requester.putObject("type").putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/v3-ParticipationType").put("code", "IRCP");
        identifier(requester.putObject("who"), PSEUDONYM_SYSTEM, event.getRequester());
        requester.putArray("role").addObject().putArray("coding").addObject()
                .put("system", CARECHAIN + "role").put("code", event.getRequesterRole());
        requester.put("requestor", true);
        ObjectNode custodian = agents.addObject();
        custodian.putObject("type").putArray("coding").addObject()
                .put("system", "http://dicom.nema.org/resources/ontology/DCM").put("code", "110153").put("display", "Source Role ID");
        identifier(custodian.putObject("who"), PROVIDER_SYSTEM, event.getServingProvider());
        custodian.put("requestor", false);
        ObjectNode destination = agents.addObject();
        destination.putObject("type").putArray("coding").addObject()
                .put("system", "http://dicom.nema.org/resources/ontology/DCM").put("code", "110152").put("display", "Destination Role ID");
        identifier(destination.putObject("who"), PROVIDER_SYSTEM, event.getRequestingProvider());
        destination.put("requestor", false);
        ObjectNode source = audit.putObject("source");
        source.put("site", event.getServingProvider());
        identifier(source.putObject("observer"), PROVIDER_SYSTEM, event.getServingProvider());
        ArrayNode entities = audit.putArray("entity");
        ObjectNode patient = entities.addObject();
        identifier(patient.putObject("what"), PATIENT_SYSTEM, hex(event.getPatientRef().toByteArray()));
        patient.putObject("type").put("system", "http://terminology.hl7.org/CodeSystem/audit-entity-type").put("code", "1");
        patient.putObject("role").put("system", "http://terminology.hl7.org/CodeSystem/object-role").put("code", "1");
        for (com.google.protobuf.ByteString basis : event.getBasisList()) {
            ObjectNode consent = entities.addObject();
            identifier(consent.putObject("what"), TX_SYSTEM, hex(basis.toByteArray()));
            consent.putObject("type").put("system", "http://hl7.org/fhir/resource-types").put("code", "Consent");
        }
        for (com.google.protobuf.ByteString record : event.getRecordRefsList()) {
            ObjectNode entity = entities.addObject();
            identifier(entity.putObject("what"), "urn:carechain:record-ref", hex(record.toByteArray()));
            entity.putObject("type").put("system", "http://terminology.hl7.org/CodeSystem/audit-entity-type").put("code", "2");
        }
        return audit;
    }

    /** A FHIR Bundle (type collection) of resources. */
    public static ObjectNode bundle(List<ObjectNode> resources) {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "collection");
        bundle.put("total", resources.size());
        ArrayNode entries = bundle.putArray("entry");
        resources.forEach(resource -> entries.addObject().set("resource", resource));
        return bundle;
    }

    private static void identifier(ObjectNode reference, String system, String value) {
        reference.putObject("identifier").put("system", system).put("value", value);
    }

    private static void period(ObjectNode period, long start, long end) {
        period.put("start", Instant.ofEpochMilli(start).toString());
        period.put("end", Instant.ofEpochMilli(end).toString());
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
