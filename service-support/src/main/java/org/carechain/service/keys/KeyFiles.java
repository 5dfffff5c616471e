package org.carechain.service.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.carechain.crypto.sign.Ed25519PrivateKey;

/**
 * Reads a service's key files at start-up. A file that is missing or wrong stops start-up with
 * an {@link IllegalStateException} naming the setting, never the file's content.
 */
public final class KeyFiles {

    private KeyFiles() {}

    /** A file of hex digits (surrounding white space ignored). */
    public static byte[] hex(String file, String setting) {
        try {
            return HexFormat.of().parseHex(Files.readString(Path.of(file)).strip());
        } catch (IOException e) {
            throw new IllegalStateException(setting + " cannot be read");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " must hold hex digits only");
        }
    }

    /** An Ed25519 private key stored as its 32-byte seed in hex. */
    public static Ed25519PrivateKey ed25519(String file, String setting) {
        try {
            return Ed25519PrivateKey.create(hex(file, setting));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(setting + " does not hold an Ed25519 seed (64 hex digits)");
        }
    }

    /** A PEM file's first block of the given label (e.g. {@code CERTIFICATE}), decoded. */
    public static byte[] pem(String file, String label, String setting) {
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new IllegalStateException(setting + " cannot be read");
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (to < 0) {
            throw new IllegalStateException(setting + " holds no PEM " + label);
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " holds a damaged PEM " + label);
        }
    }

    /** A PKCS#8 PEM ({@code PRIVATE KEY}) private key of the given JCA algorithm, e.g. {@code EC}. */
    public static PrivateKey pkcs8(String file, String algorithm, String setting) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pem(file, "PRIVATE KEY", setting)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(setting + " does not hold a PKCS#8 " + algorithm + " private key");
        }
    }
}
