package org.carechain.registration.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IdentityTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);

    private static Identity of(String given, String family, String birthDate, String nationalId) {
        return Identity.of(given, family, birthDate, nationalId, CLOCK);
    }

    @Test
    void theCanonicalFormIsFixedJsonInLowerCaseWithTheIdentifierCompacted() {
        assertEquals("{\"v\":1,\"givenName\":\"ada marie\",\"familyName\":\"o'brien-ngata\",\"birthDate\":\"1985-12-10\","
                + "\"nationalId\":\"ZZ123456\"}",
                new String(of(" Ada \t Marie ", "O'Brien-Ngata", "1985-12-10", "zz 12-34 56").canonicalBytes(),
                        StandardCharsets.UTF_8));
    }

    @Test
    void writingsOfTheSamePersonShareOneCanonicalFormAndCommitment() throws Exception {
        CommitmentKey key = CommitmentKey.create(HexFormat.of().parseHex("01".repeat(32)));
        Identity plain = of("José", "Núñez", "1970-01-01", "AB123");
        // NFD input (combining accents), other case and spacing.
        Identity decomposed = of("JOSE\u0301", "  nu\u0301n\u0303ez ", "1970-01-01", "ab-1 23");
        assertEquals(plain, decomposed);
        assertArrayEquals(plain.canonicalBytes(), decomposed.canonicalBytes());
        assertEquals(key.commit(plain), key.commit(decomposed));
        assertNotEquals(key.commit(plain), key.commit(of("José", "Núñez", "1970-01-02", "AB123")));
        assertNotEquals(key.commit(plain),
                CommitmentKey.create(HexFormat.of().parseHex("02".repeat(32))).commit(plain));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|Lovelace|1985-12-10|ZZ1|givenName: is required",
        "Ada|Lovelace9|1985-12-10|ZZ1|familyName: must be letters, with spaces, apostrophes, hyphens or periods",
        "Ada|--|1985-12-10|ZZ1|familyName: must be letters, with spaces, apostrophes, hyphens or periods",
        "Ada|Lovelace|1985-13-10|ZZ1|birthDate: must be a date in the form yyyy-MM-dd",
        "Ada|Lovelace|1985-12-1|ZZ1|birthDate: must be a date in the form yyyy-MM-dd",
        "Ada|Lovelace|1899-12-31|ZZ1|birthDate: must be between 1900-01-01 and today",
        "Ada|Lovelace|2026-12-01|ZZ1|birthDate: must be between 1900-01-01 and today",
        "Ada|Lovelace|1985-12-10|ZZ_1|nationalId: must be letters A-Z and digits, optionally with spaces or hyphens",
        "Ada|Lovelace|1985-12-10|' - '|nationalId: must have 1 to 32 letters or digits",
    })
    void invalidAttributesAreNamedNotEchoed(String given, String family, String birthDate, String nationalId, String reason) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> of(given, family, birthDate, nationalId));
        assertEquals(reason, error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {101, 400, 401, 100_000})
    void overlongNamesAreRefusedBeforeAnyWork(int length) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> of("a".repeat(length), "Lovelace", "1985-12-10", "ZZ1"));
        assertFalse(error.getMessage().contains("aaa"));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 20261130})
    void canonicalBytesAreValidJsonWhateverLettersAreUsed(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        String alphabet = "abcdefghijklmnopqrstuvwxyzäöüßçñøåéèêëïîôûÿœæ' .-ÆØÅ";
        for (int i = 0; i < 200; i++) {
            StringBuilder name = new StringBuilder("x");
            for (int j = random.nextInt(0, 40); j > 0; j--) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            Identity identity = of(name.toString(), name.toString(), "2000-02-29", "A" + random.nextInt(1_000_000));
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(identity.canonicalBytes());
            assertEquals(identity, of(json.get("givenName").asText(), json.get("familyName").asText(),
                    json.get("birthDate").asText(), json.get("nationalId").asText()), "seed " + seed);
        }
    }

    @Test
    void toStringShowsNothingOfThePerson() {
        assertEquals("Identity[redacted]", of("Ada", "Lovelace", "1985-12-10", "ZZ1").toString());
    }
}
