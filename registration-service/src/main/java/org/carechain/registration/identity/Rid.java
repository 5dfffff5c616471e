package org.carechain.registration.identity;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** A registration id: 16 random bytes, shown as 32 lowercase hex digits. */
public final class Rid {

    public static final int SIZE = 16;

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{32}");

    private final byte[] bytes;

    private Rid(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Rid random(SecureRandom random) {
        byte[] bytes = new byte[SIZE];
        random.nextBytes(bytes);
        return new Rid(bytes);
    }

    /** @throws IllegalArgumentException unless {@code hex} is 32 lowercase hex digits */
    public static Rid fromHex(String hex) {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("rid: must be 32 lowercase hex digits");
        }
        return new Rid(HexFormat.of().parseHex(hex));
    }

    /** @throws IllegalArgumentException unless {@code bytes} has {@value #SIZE} bytes */
    public static Rid of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("rid: must be " + SIZE + " bytes");
        }
        return new Rid(bytes.clone());
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Rid that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
