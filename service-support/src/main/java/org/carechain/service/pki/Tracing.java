package org.carechain.service.pki;

import com.google.protobuf.ByteString;
import java.security.GeneralSecurityException;
import java.util.regex.Pattern;
import org.carechain.crypto.pki.TraceApprovalSigning;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519Sign;
import org.carechain.crypto.sign.Ed25519Verify;
import org.carechain.proto.certificate.v1.TraceApproval;

/**
 * The tracing records on {@code cbc}, as both sides read them: the CA that records requests and
 * approvals, and the RBC that opens a link tag only when k officers' approvals are on chain.
 */
public final class Tracing {

    public static final String APPROVAL_DOMAIN = TraceApprovalSigning.DOMAIN;

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

    private Tracing() {}

    /** @throws IllegalArgumentException unless the id is 32 lower-case hex digits */
    public static String traceId(String id) {
        if (id == null || !TRACE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("trace id: must be 32 lower-case hex digits");
        }
        return id;
    }

    /** The idempotency key of a trace request on cbc. */
    public static String requestKey(String traceId) {
        return "cbc/trace/" + traceId;
    }

    /** The idempotency key of one officer's approval on cbc: one approval per officer and trace. */
    public static String approvalKey(String traceId, String officerId) {
        return "cbc/trace/" + traceId + "/approval/" + officerId;
    }

    /** What an officer signs: the approval's fields without the signature ({@link TraceApprovalSigning}). */
    public static byte[] signedBytes(TraceApproval approval) {
        return TraceApprovalSigning.signedBytes(approval.getTraceId(), approval.getCertificateHash().toByteArray(),
                approval.getOfficerId(), approval.getApprovedAtMillis());
    }

    /** The approval signed with the officer's key (as the officer's tool does). */
    public static TraceApproval sign(TraceApproval unsigned, Ed25519PrivateKey officerKey) {
        return unsigned.toBuilder()
                .setSignature(ByteString.copyFrom(Ed25519Sign.create(officerKey).sign(signedBytes(unsigned))))
                .build();
    }

    /**
     * Checks that a listed officer signed the approval.
     *
     * @throws GeneralSecurityException if the officer is not in the tracing policy or the signature does not verify
     */
    public static Consortium.Officer verify(TraceApproval approval, Consortium consortium) throws GeneralSecurityException {
        Consortium.Officer officer = consortium.officer(approval.getOfficerId())
                .orElseThrow(() -> new GeneralSecurityException("the approver is not a tracing officer of the consortium"));
        Ed25519Verify.create(officer.signingKey()).verify(approval.getSignature().toByteArray(), signedBytes(approval));
        return officer;
    }
}
