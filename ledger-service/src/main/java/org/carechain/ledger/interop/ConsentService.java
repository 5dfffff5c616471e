package org.carechain.ledger.interop;

import org.carechain.service.error.ApiException;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.consent.AccessRequest;
import org.carechain.ledger.core.consent.ConsentDecision;
import org.carechain.ledger.core.consent.ConsentPolicy;
import org.carechain.ledger.core.consent.RecordedGrant;
import org.carechain.ledger.node.ChannelRuntime;

/** Consent decisions on this node's copy of the ehr channel: the patient's grants, then the pure rules. */
@ApplicationScoped
public class ConsentService {

    @Inject
    InteropNode node;

    /** The patient's grants as of {@code height} (0 for the latest committed height). */
    public Uni<Grants> grants(Hash patient, long height) {
        ChannelRuntime ehr = node.ehr();
        long latest = ehr.commits().height();
        if (height > latest) {
            throw ApiException.badRequest("height: this node has committed only " + latest + " blocks");
        }
        long at = height == 0 ? latest : height;
        return ehr.consent().grants(Channel.EHR, patient, at).map(grants -> new Grants(grants, at));
    }

    /** A patient's grants and the height they are taken at. */
    public record Grants(List<RecordedGrant> grants, long height) {
        public ConsentDecision decide(AccessRequest request, Hash ownPatientRef) {
            return ConsentPolicy.decide(grants, height, request, ownPatientRef);
        }
    }

    /** Decides one request on the grants as of {@code height} (0 for now). */
    public Uni<ConsentDecision> decide(AccessRequest request, Hash ownPatientRef, long height) {
        return grants(request.patientRef(), height).map(grants -> grants.decide(request, ownPatientRef));
    }
}
