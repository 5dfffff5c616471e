package org.carechain.cli.interop;

/**
 * A consent, exchange or report call that did not give a usable answer: {@code reason} is the
 * consent reason code of a refusal (e.g. {@code CONSENT_REVOKED}), or what failed on this side
 * ({@code SEALED} when the bundle does not open, {@code ANSWER} when the answer is malformed,
 * {@code HTTP} for another refusal). Messages hold codes, pseudonyms and statuses only.
 */
public final class InteropFailure extends Exception {

    private final String reason;
    private final int status;

    public InteropFailure(String reason, int status, String message) {
        super(message);
        this.reason = reason;
        this.status = status;
    }

    /** The consent reason code of a refusal, or the check that failed here. */
    public String reason() {
        return reason;
    }

    /** The HTTP status of the gateway's answer, or 0 if the failure is on this side. */
    public int status() {
        return status;
    }

    /** Whether the serving provider refused on consent (an access event records the refusal). */
    public boolean refusedOnConsent() {
        return status == 403 && reason.matches("[A-Z_]+") && !reason.equals("HTTP");
    }

    static InteropFailure of(GatewayHttp.Reply reply, String what) {
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("consent refused \\(([A-Z_]+)\\)").matcher(reply.error());
        return new InteropFailure(code.find() ? code.group(1) : "HTTP", reply.status(),
                what + " refused: " + reply.status() + " " + reply.error());
    }
}
