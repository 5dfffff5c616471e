package org.carechain.registration;

import java.util.Locale;
import java.util.Map;
import org.carechain.proto.registration.v1.RegistrationStatus;
import org.carechain.proto.registration.v1.StatusReason;

/**
 * The words the REST API uses for the contract's enums (e.g. {@code patient} for
 * {@code ROLE_PATIENT}); parsing names the field and the allowed words, never the input.
 */
public final class Vocabulary {

    private static final Map<String, StatusReason> CHANGE_REASONS = Map.of(
            "key-compromise", StatusReason.STATUS_REASON_KEY_COMPROMISE,
            "affiliation-changed", StatusReason.STATUS_REASON_AFFILIATION_CHANGED,
            "cessation-of-role", StatusReason.STATUS_REASON_CESSATION_OF_ROLE,
            "identity-disputed", StatusReason.STATUS_REASON_IDENTITY_DISPUTED,
            "deceased", StatusReason.STATUS_REASON_DECEASED,
            "registrar-error", StatusReason.STATUS_REASON_REGISTRAR_ERROR,
            "resolved", StatusReason.STATUS_REASON_RESOLVED);

    private Vocabulary() {}

    public static String word(RegistrationStatus status) {
        return status.name().substring("REGISTRATION_STATUS_".length()).toLowerCase(Locale.ROOT);
    }

    public static String word(StatusReason reason) {
        return reason.name().substring("STATUS_REASON_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException unless {@code word} is one of the reason codes a registrar may give */
    public static StatusReason changeReason(String word) {
        StatusReason reason = word == null ? null : CHANGE_REASONS.get(word);
        if (reason == null) {
            throw new IllegalArgumentException("reason: must be one of " + String.join(", ",
                    CHANGE_REASONS.keySet().stream().sorted().toList()));
        }
        return reason;
    }
}
