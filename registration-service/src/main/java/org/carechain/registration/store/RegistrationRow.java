package org.carechain.registration.store;

import java.time.Instant;
import org.carechain.crypto.Hash;
import org.carechain.proto.registration.v1.RegistrationStatus;
import org.carechain.proto.registration.v1.Role;
import org.carechain.proto.registration.v1.StatusReason;
import org.carechain.registration.identity.Rid;

/** A registration as stored, at its latest record version; the envelope is left out unless asked for. */
public record RegistrationRow(
        Rid rid,
        Hash identityCommitment,
        Role role,
        String organization,
        RegistrationStatus status,
        int version,
        StatusReason reason,
        Hash ciphertextHash,
        Instant credentialExpiresAt,
        Instant enrolledAt,
        Instant updatedAt) {}
