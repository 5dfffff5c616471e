package org.carechain.service.credential;

import java.util.Map;
import org.carechain.proto.registration.v1.Role;

/**
 * The role words of the API, the certificates' role extension and the login tokens' group:
 * patient, clinician, auditor. The RBC and the CBC both speak them.
 */
public final class Roles {

    private static final Map<String, Role> ROLES = Map.of(
            "patient", Role.ROLE_PATIENT, "clinician", Role.ROLE_CLINICIAN, "auditor", Role.ROLE_AUDITOR);

    private Roles() {}

    /** @throws IllegalArgumentException unless {@code word} is patient, clinician or auditor */
    public static Role role(String word) {
        Role role = word == null ? null : ROLES.get(word);
        if (role == null) {
            throw new IllegalArgumentException("role: must be patient, clinician or auditor");
        }
        return role;
    }

    /** @throws IllegalStateException for a role that is not one of the three (a stored or answered value, never input) */
    public static String word(Role role) {
        return switch (role) {
            case ROLE_PATIENT -> "patient";
            case ROLE_CLINICIAN -> "clinician";
            case ROLE_AUDITOR -> "auditor";
            default -> throw new IllegalStateException("unknown role " + role);
        };
    }
}
