package org.carechain.registration.identity;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A person's identity attributes in their one canonical form, the form that is both sealed for
 * the escrow key and committed to on chain, so the same person always yields the same commitment.
 *
 * <p>Canonicalisation: Unicode NFC; leading and trailing white space removed and inner runs of
 * white space made one space; names in lower case ({@link Locale#ROOT}); the national identifier
 * in upper case without spaces or hyphens; the birth date as ISO 8601 {@code yyyy-MM-dd}. The
 * canonical bytes ({@link #canonicalBytes()}) are the UTF-8 of a JSON object with its keys in
 * this fixed order:
 *
 * <pre>{"v":1,"givenName":"…","familyName":"…","birthDate":"yyyy-MM-dd","nationalId":"…"}</pre>
 *
 * Validation limits the characters so that no value needs JSON escaping. Error messages name the
 * field and the rule, never the value. {@link #toString()} shows nothing of the person.
 */
public final class Identity {

    /** Most characters in a name, after canonicalisation. */
    public static final int MAX_NAME_LENGTH = 100;
    /** Most characters in a national identifier, after canonicalisation. */
    public static final int MAX_NATIONAL_ID_LENGTH = 32;

    private static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}' .-]+");
    private static final Pattern HAS_LETTER = Pattern.compile(".*\\p{L}.*");
    private static final Pattern NATIONAL_ID = Pattern.compile("[A-Z0-9]+");
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
    private static final Pattern ID_SEPARATORS = Pattern.compile("[\\s-]");

    private final String givenName;
    private final String familyName;
    private final LocalDate birthDate;
    private final String nationalId;

    private Identity(String givenName, String familyName, LocalDate birthDate, String nationalId) {
        this.givenName = givenName;
        this.familyName = familyName;
        this.birthDate = birthDate;
        this.nationalId = nationalId;
    }

    /**
     * Checks and canonicalises identity attributes as a registrar entered them.
     *
     * @throws IllegalArgumentException naming the first field that is missing or invalid
     */
    public static Identity of(String givenName, String familyName, String birthDate, String nationalId, Clock clock) {
        return new Identity(name("givenName", givenName), name("familyName", familyName),
                birthDate(birthDate, clock), nationalId(nationalId));
    }

    /** The canonical encoding: what is sealed in the identity envelope and what the commitment is over. */
    public byte[] canonicalBytes() {
        String json = "{\"v\":1,\"givenName\":\"" + givenName + "\",\"familyName\":\"" + familyName
                + "\",\"birthDate\":\"" + birthDate + "\",\"nationalId\":\"" + nationalId + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Identity that && givenName.equals(that.givenName) && familyName.equals(that.familyName)
                && birthDate.equals(that.birthDate) && nationalId.equals(that.nationalId);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(givenName, familyName, birthDate, nationalId);
    }

    @Override
    public String toString() {
        return "Identity[redacted]";
    }

    private static String name(String field, String raw) {
        String value = whiteSpaceCollapsed(required(field, raw)).toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(field + ": must have 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (!NAME.matcher(value).matches() || !HAS_LETTER.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": must be letters, with spaces, apostrophes, hyphens or periods");
        }
        return value;
    }

    private static LocalDate birthDate(String raw, Clock clock) {
        String value = required("birthDate", raw).strip();
        LocalDate date;
        try {
            date = value.length() == 10 ? LocalDate.parse(value) : null;
        } catch (DateTimeParseException e) {
            date = null;
        }
        if (date == null) {
            throw new IllegalArgumentException("birthDate: must be a date in the form yyyy-MM-dd");
        }
        if (date.isBefore(EARLIEST_BIRTH_DATE) || date.isAfter(LocalDate.now(clock))) {
            throw new IllegalArgumentException("birthDate: must be between 1900-01-01 and today");
        }
        return date;
    }

    private static String nationalId(String raw) {
        String value = ID_SEPARATORS.matcher(Normalizer.normalize(required("nationalId", raw), Normalizer.Form.NFC))
                .replaceAll("").toUpperCase(Locale.ROOT);
        if (value.isEmpty() || value.length() > MAX_NATIONAL_ID_LENGTH) {
            throw new IllegalArgumentException("nationalId: must have 1 to " + MAX_NATIONAL_ID_LENGTH
                    + " letters or digits");
        }
        if (!NATIONAL_ID.matcher(value).matches()) {
            throw new IllegalArgumentException("nationalId: must be letters A-Z and digits, optionally with spaces or hyphens");
        }
        return value;
    }

    private static String required(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException(field + ": is required");
        }
        // Bounds the work of normalising before the length checks.
        if (raw.length() > 4 * MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(field + ": is too long");
        }
        return raw;
    }

    private static String whiteSpaceCollapsed(String raw) {
        return WHITE_SPACE.matcher(Normalizer.normalize(raw, Normalizer.Form.NFC).strip()).replaceAll(" ");
    }
}
