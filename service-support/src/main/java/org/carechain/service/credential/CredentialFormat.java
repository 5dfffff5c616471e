package org.carechain.service.credential;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.time.Instant;
import java.util.Base64;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.crypto.sign.Ed25519Sign;
import org.carechain.crypto.sign.Ed25519Verify;
import org.carechain.proto.registration.v1.RegistrationCredential;
import org.carechain.proto.registration.v1.Role;

/**
 * The registration credential: the protobuf {@link RegistrationCredential} whose
 * {@code signature} is Ed25519 by the RBC's credential key over
 *
 * <pre>
 *   CanonicalEncoder.forDomain("carechain/registration/credential/v1")
 *       .writeBytes(rid)               16 bytes
 *       .writeInt32(role)              the Role enum number
 *       .writeInt64(expires_at_millis)
 *       .writeString(key_id)           32 hex digits: first 16 bytes of SHA-256 of the public key
 * </pre>
 *
 * It travels as the unpadded base64url of the protobuf bytes. Anyone with the RBC's public key
 * checks it offline with {@link #verify}; whether the registration is still active is a separate,
 * online question ({@code GetRegistrationStatus}).
 */
public final class CredentialFormat {

    public static final String DOMAIN = "carechain/registration/credential/v1";

    /** Size of a registration id. */
    public static final int RID_SIZE = 16;

    /** Longest encoded credential accepted; a real one is about 130 bytes. */
    public static final int MAX_ENCODED_BYTES = 1024;

    private CredentialFormat() {}

    public static RegistrationCredential sign(Ed25519PrivateKey key, byte[] rid, Role role, Instant expiresAt) {
        if (rid.length != RID_SIZE) {
            throw new IllegalArgumentException("rid must be " + RID_SIZE + " bytes");
        }
        String keyId = key.keyId().hex();
        byte[] signature = Ed25519Sign.create(key)
                .sign(signedBytes(rid, role.getNumber(), expiresAt.toEpochMilli(), keyId));
        return RegistrationCredential.newBuilder()
                .setRid(ByteString.copyFrom(rid))
                .setRole(role)
                .setExpiresAtMillis(expiresAt.toEpochMilli())
                .setKeyId(keyId)
                .setSignature(ByteString.copyFrom(signature))
                .build();
    }

    /**
     * Checks that the credential is well formed, signed by {@code rbcKey} and not expired at {@code now}.
     *
     * @throws MalformedCredentialException if a field is missing or has the wrong size
     * @throws SignatureException if another key signed it or any field was changed
     * @throws ExpiredCredentialException if it expired at or before {@code now}
     */
    public static void verify(RegistrationCredential credential, Ed25519PublicKey rbcKey, Instant now)
            throws GeneralSecurityException {
        if (credential.getRid().size() != RID_SIZE) {
            throw new MalformedCredentialException("credential rid must be " + RID_SIZE + " bytes");
        }
        if (credential.getRole() == Role.ROLE_UNSPECIFIED || credential.getRole() == Role.UNRECOGNIZED) {
            throw new MalformedCredentialException("credential role is missing or unknown");
        }
        if (credential.getSignature().size() != Ed25519Sign.SIGNATURE_SIZE) {
            throw new MalformedCredentialException("credential signature must be " + Ed25519Sign.SIGNATURE_SIZE + " bytes");
        }
        if (!rbcKey.keyId().hex().equals(credential.getKeyId())) {
            throw new SignatureException("the credential is not signed by this registration authority's key");
        }
        Ed25519Verify.create(rbcKey).verify(credential.getSignature().toByteArray(), signedBytes(
                credential.getRid().toByteArray(), credential.getRoleValue(), credential.getExpiresAtMillis(),
                credential.getKeyId()));
        if (credential.getExpiresAtMillis() <= now.toEpochMilli()) {
            throw new ExpiredCredentialException("the credential has expired");
        }
    }

    public static String encode(RegistrationCredential credential) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(credential.toByteArray());
    }

    /** @throws MalformedCredentialException if the text is not base64url of a credential message */
    public static RegistrationCredential decode(String encoded) throws MalformedCredentialException {
        if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED_BYTES * 4 / 3 + 4) {
            throw new MalformedCredentialException("credential must be 1 to " + MAX_ENCODED_BYTES + " bytes of base64url");
        }
        try {
            return RegistrationCredential.parseFrom(Base64.getUrlDecoder().decode(encoded));
        } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
            throw new MalformedCredentialException("credential is not base64url of a RegistrationCredential message");
        }
    }

    static byte[] signedBytes(byte[] rid, int role, long expiresAtMillis, String keyId) {
        return CanonicalEncoder.forDomain(DOMAIN)
                .writeBytes(rid)
                .writeInt32(role)
                .writeInt64(expiresAtMillis)
                .writeString(keyId)
                .toByteArray();
    }

    /** The credential's fields are missing or the wrong size. */
    public static final class MalformedCredentialException extends GeneralSecurityException {
        public MalformedCredentialException(String message) {
            super(message);
        }
    }

    /** A correctly signed credential past its expiry. */
    public static final class ExpiredCredentialException extends GeneralSecurityException {
        public ExpiredCredentialException(String message) {
            super(message);
        }
    }
}
