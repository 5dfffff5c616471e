package org.carechain.ledger.capture;

/**
 * What change capture is doing, in words an operator can act on; never holds health data.
 *
 * @param state DISABLED, WAITING (for the validator to catch up), RUNNING or FAILED
 * @param message why it failed, with the fix where there is one
 */
public record CaptureStatus(State state, String message) {

    public enum State {
        DISABLED,
        WAITING,
        RUNNING,
        FAILED
    }

    static CaptureStatus disabled() {
        return new CaptureStatus(State.DISABLED, "change capture is not enabled on this node");
    }

    static CaptureStatus waiting(String message) {
        return new CaptureStatus(State.WAITING, message);
    }

    static CaptureStatus running() {
        return new CaptureStatus(State.RUNNING, "capturing");
    }

    static CaptureStatus failed(String message) {
        return new CaptureStatus(State.FAILED, message);
    }
}
