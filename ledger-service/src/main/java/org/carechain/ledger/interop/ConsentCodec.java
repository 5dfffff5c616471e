package org.carechain.ledger.interop;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.Ids;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.consent.ConsentGrant;
import org.carechain.proto.consent.v1.AccessEvent;
import org.carechain.proto.consent.v1.AccessKind;
import org.carechain.proto.consent.v1.AccessOutcome;
import org.carechain.proto.consent.v1.ConsentRevocation;
import org.carechain.proto.consent.v1.ProvisionType;
import org.carechain.proto.ledger.v1.SecurityLabel;
import org.carechain.service.ledger.LedgerSubmitter;

/**
 * The consent and access payloads of the ehr channel: their type URLs, the checks every validator
 * makes before admitting one, and the mapping to the pure consent core. Malformed payloads are
 * refused with a reason that names the field, never its value.
 */
public final class ConsentCodec {

    public static final String GRANT_TYPE = LedgerSubmitter.typeUrl(org.carechain.proto.consent.v1.ConsentGrant.getDescriptor());
    public static final String REVOCATION_TYPE = LedgerSubmitter.typeUrl(ConsentRevocation.getDescriptor());
    public static final String ACCESS_TYPE = LedgerSubmitter.typeUrl(AccessEvent.getDescriptor());

    /** Most record refs one access event lists. */
    public static final int MAX_RECORD_REFS = 10_000;
    /** Length of an exchange request id. */
    public static final int REQUEST_ID_BYTES = 16;

    private static final Pattern REASON = Pattern.compile("[A-Z][A-Z_]{1,39}");

    private ConsentCodec() {}

    /** A consent or access payload, parsed and checked. */
    public sealed interface Parsed permits Grant, Revocation, Access {
        Hash patientRef();
    }

    public record Grant(ConsentGrant grant) implements Parsed {
        @Override
        public Hash patientRef() {
            return grant.patientRef();
        }
    }

    public record Revocation(Hash patientRef, String grantor, Hash grantTransaction, long revokedAtMillis) implements Parsed {}

    public record Access(Hash patientRef, AccessEvent event) implements Parsed {}

    /**
     * The consent or access payload of an ehr transaction; empty for any other transaction.
     *
     * @throws IllegalArgumentException if it has a consent or access type URL but is malformed
     */
    public static Optional<Parsed> parse(Transaction transaction) {
        if (transaction.channel() != Channel.EHR || !(transaction.payload() instanceof TypedPayload typed)) {
            return Optional.empty();
        }
        try {
            if (typed.typeUrl().equals(GRANT_TYPE)) {
                return Optional.of(new Grant(grant(org.carechain.proto.consent.v1.ConsentGrant.parseFrom(typed.value()))));
            }
            if (typed.typeUrl().equals(REVOCATION_TYPE)) {
                ConsentRevocation revocation = ConsentRevocation.parseFrom(typed.value());
                if (revocation.getRevokedAtMillis() < 0) {
                    throw new IllegalArgumentException("revoked_at_millis must not be negative");
                }
                return Optional.of(new Revocation(hash(revocation.getPatientRef(), "patient_ref"),
                        Ids.require(revocation.getGrantor(), "grantor"), hash(revocation.getGrantTxHash(), "grant_tx_hash"),
                        revocation.getRevokedAtMillis()));
            }
            if (typed.typeUrl().equals(ACCESS_TYPE)) {
                AccessEvent event = AccessEvent.parseFrom(typed.value());
                return Optional.of(new Access(checkAccess(event), event));
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("payload " + typed.typeUrl() + " is not a valid protobuf message");
        }
        return Optional.empty();
    }

    /** The patient a consent or access transaction is about; empty for other transactions and malformed ones. */
    public static Optional<Hash> patientRef(Transaction transaction) {
        try {
            return parse(transaction).map(Parsed::patientRef);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The pure core's grant. @throws IllegalArgumentException naming the first bad field */
    public static ConsentGrant grant(org.carechain.proto.consent.v1.ConsentGrant proto) {
        ConsentGrant.Provision provision = switch (proto.getProvision()) {
            case PROVISION_TYPE_PERMIT -> ConsentGrant.Provision.PERMIT;
            case PROVISION_TYPE_DENY -> ConsentGrant.Provision.DENY;
            default -> throw new IllegalArgumentException("provision must be permit or deny");
        };
        ConsentGrant.Actor actor = switch (proto.getActorCase()) {
            case PROVIDER -> ConsentGrant.Actor.provider(proto.getProvider());
            case CLINICIAN -> ConsentGrant.Actor.clinician(proto.getClinician());
            case ACTOR_NOT_SET -> throw new IllegalArgumentException("actor is required: a provider or a clinician pseudonym");
        };
        Set<RecordEvent.SecurityLabel> labels = EnumSet.noneOf(RecordEvent.SecurityLabel.class);
        for (SecurityLabel label : proto.getSecurityLabelsList()) {
            labels.add(label(label));
        }
        if (proto.getSecurityLabelsCount() > ConsentGrant.MAX_CODES) {
            throw new IllegalArgumentException("a grant lists at most " + ConsentGrant.MAX_CODES + " security labels");
        }
        return new ConsentGrant(hash(proto.getPatientRef(), "patient_ref"), proto.getGrantor(), provision, actor,
                new TreeSet<>(limited(proto.getResourceTypesList(), "resource_types")), labels,
                new TreeSet<>(limited(proto.getPurposesList(), "purposes")), proto.getPeriodStartMillis(),
                proto.getPeriodEndMillis(), proto.getGrantedAtMillis());
    }

    public static org.carechain.proto.consent.v1.ConsentGrant proto(ConsentGrant grant) {
        org.carechain.proto.consent.v1.ConsentGrant.Builder builder = org.carechain.proto.consent.v1.ConsentGrant.newBuilder()
                .setPatientRef(bytes(grant.patientRef()))
                .setGrantor(grant.grantor())
                .setProvision(grant.provision() == ConsentGrant.Provision.PERMIT ? ProvisionType.PROVISION_TYPE_PERMIT
                        : ProvisionType.PROVISION_TYPE_DENY)
                .addAllResourceTypes(grant.resourceTypes())
                .addAllPurposes(grant.purposes())
                .setPeriodStartMillis(grant.periodStartMillis())
                .setPeriodEndMillis(grant.periodEndMillis())
                .setGrantedAtMillis(grant.grantedAtMillis());
        if (grant.actor().kind() == ConsentGrant.Actor.Kind.PROVIDER) {
            builder.setProvider(grant.actor().id());
        } else {
            builder.setClinician(grant.actor().id());
        }
        grant.securityLabels().forEach(label -> builder.addSecurityLabels(label(label)));
        return builder.build();
    }

    public static RecordEvent.SecurityLabel label(SecurityLabel label) {
        return switch (label) {
            case SECURITY_LABEL_U -> RecordEvent.SecurityLabel.U;
            case SECURITY_LABEL_L -> RecordEvent.SecurityLabel.L;
            case SECURITY_LABEL_M -> RecordEvent.SecurityLabel.M;
            case SECURITY_LABEL_N -> RecordEvent.SecurityLabel.N;
            case SECURITY_LABEL_R -> RecordEvent.SecurityLabel.R;
            case SECURITY_LABEL_V -> RecordEvent.SecurityLabel.V;
            default -> throw new IllegalArgumentException("security label must be U, L, M, N, R or V");
        };
    }

    public static SecurityLabel label(RecordEvent.SecurityLabel label) {
        return SecurityLabel.forNumber(label.ordinal() + 1);
    }

    /** Checks an access event field by field; returns its patient. */
    static Hash checkAccess(AccessEvent event) {
        if (event.getRequestId().size() != REQUEST_ID_BYTES) {
            throw new IllegalArgumentException("request_id must be " + REQUEST_ID_BYTES + " bytes");
        }
        if (event.getKind() == AccessKind.ACCESS_KIND_UNSPECIFIED || event.getKind() == AccessKind.UNRECOGNIZED) {
            throw new IllegalArgumentException("kind must be READ, EXPORT or OVERRIDE");
        }
        if (event.getOutcome() == AccessOutcome.ACCESS_OUTCOME_UNSPECIFIED || event.getOutcome() == AccessOutcome.UNRECOGNIZED) {
            throw new IllegalArgumentException("outcome must be PERMITTED or REFUSED");
        }
        Hash patient = hash(event.getPatientRef(), "patient_ref");
        Ids.require(event.getRequester(), "requester");
        Ids.require(event.getRequesterRole(), "requester_role");
        Ids.require(event.getRequestingProvider(), "requesting_provider");
        Ids.require(event.getServingProvider(), "serving_provider");
        if (event.getRecordRefsCount() > MAX_RECORD_REFS) {
            throw new IllegalArgumentException("an access event lists at most " + MAX_RECORD_REFS + " record refs");
        }
        if (event.getOutcome() == AccessOutcome.ACCESS_OUTCOME_REFUSED && event.getRecordRefsCount() > 0) {
            throw new IllegalArgumentException("a refused access hands over no records");
        }
        event.getRecordRefsList().forEach(ref -> hash(ref, "record_refs"));
        event.getBasisList().forEach(ref -> hash(ref, "basis"));
        ConsentGrant.requirePurpose(event.getPurposeOfUse());
        if (!REASON.matcher(event.getReason()).matches()) {
            throw new IllegalArgumentException("reason must be a reason code such as PERMITTED_BY_CONSENT");
        }
        if (event.getConsentHeight() < 0 || event.getAtMillis() < 0) {
            throw new IllegalArgumentException("consent_height and at_millis must not be negative");
        }
        return patient;
    }

    private static java.util.List<String> limited(java.util.List<String> values, String field) {
        if (values.size() > ConsentGrant.MAX_CODES) {
            throw new IllegalArgumentException("a grant lists at most " + ConsentGrant.MAX_CODES + " " + field);
        }
        if (new HashSet<>(values).size() != values.size()) {
            throw new IllegalArgumentException(field + " must not repeat a value");
        }
        return values;
    }

    public static Hash hash(ByteString bytes, String field) {
        if (bytes.size() != Hash.SIZE) {
            throw new IllegalArgumentException(field + " must be " + Hash.SIZE + " bytes");
        }
        return Hash.of(bytes.toByteArray());
    }

    public static ByteString bytes(Hash hash) {
        return ByteString.copyFrom(hash.toByteArray());
    }
}
