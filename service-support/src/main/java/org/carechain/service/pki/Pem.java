package org.carechain.service.pki;

import java.util.Base64;

/**
 * PEM or base64 DER fields of requests and answers (CSRs, certificates). A bad field is an
 * {@link IllegalArgumentException}, which the central mappers answer with 400 / INVALID_ARGUMENT.
 */
public final class Pem {

    /** A CSR or certificate is a few hundred bytes; refuse anything far larger before decoding it. */
    static final int MAX_CHARS = 8 * 1024;

    private Pem() {}

    /** DER from PEM (with the given label) or from base64; the field is named in errors, its value never. */
    public static byte[] der(String text, String label, String field) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + ": is required");
        }
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException(field + ": is too long");
        }
        String body = text.strip();
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        if (body.startsWith("-----BEGIN")) {
            if (!body.startsWith(begin) || !body.contains(end)) {
                throw new IllegalArgumentException(field + ": PEM must be a " + label + " block");
            }
            body = body.substring(begin.length(), body.indexOf(end));
        }
        try {
            return Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": is neither PEM nor base64 DER");
        }
    }

    public static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
