package org.carechain.cli.trace;

/**
 * Why a tracing step did not happen, with the exit code {@code carechain trace} ends with: {@link
 * #REFUSED} (1) when a service refused it, {@link #CANNOT_RUN} (2) when it could not be tried.
 * The message is for the officer; it never holds a key, a share or a registration id.
 */
public final class TraceFailure extends RuntimeException {

    public static final int REFUSED = 1;
    public static final int CANNOT_RUN = 2;

    private final int exitCode;
    private final int httpStatus;

    private TraceFailure(String message, int exitCode, int httpStatus) {
        super(message);
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
    }

    static TraceFailure refused(String service, int status, String reason) {
        return new TraceFailure(service + " refused (" + status + "): " + reason, REFUSED, status);
    }

    static TraceFailure cannotRun(String message) {
        return new TraceFailure(message, CANNOT_RUN, 0);
    }

    public int exitCode() {
        return exitCode;
    }

    /** The service's HTTP status when it refused; 0 when no service answered. */
    public int httpStatus() {
        return httpStatus;
    }
}
