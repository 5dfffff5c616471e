package org.carechain.registration.identity;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.carechain.crypto.Hash;

/**
 * The consortium's identity commitment key: the secret salt that makes the commitment on chain
 * useless for guessing identities, yet equal for every enrolment of the same person, so a
 * duplicate is found without decrypting anything. A commitment is HMAC-SHA-256 under this key
 * over {@link Identity#canonicalBytes()}. {@link #toString()} never shows the key.
 */
public final class CommitmentKey {

    /** Length of the key in bytes. */
    public static final int SIZE = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private CommitmentKey(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** @throws InvalidKeyException unless the key is {@value #SIZE} bytes */
    public static CommitmentKey create(byte[] key) throws InvalidKeyException {
        Objects.requireNonNull(key, "key");
        if (key.length != SIZE) {
            throw new InvalidKeyException("an identity commitment key is " + SIZE + " bytes, got " + key.length);
        }
        return new CommitmentKey(key.clone());
    }

    public Hash commit(Identity identity) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Hash.of(mac.doFinal(identity.canonicalBytes()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "CommitmentKey[redacted]";
    }
}
