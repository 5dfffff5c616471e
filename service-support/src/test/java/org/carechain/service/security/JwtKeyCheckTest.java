package org.carechain.service.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtKeyCheckTest {

    @TempDir
    Path dir;

    private static JwtKeyCheck check(String location) {
        JwtKeyCheck check = new JwtKeyCheck();
        check.location = Optional.ofNullable(location);
        check.inlineKey = Optional.empty();
        return check;
    }

    @Test
    void aMissingKeyFileStopsTheServiceWithTheFix() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> check(dir.resolve("absent.pem").toString()).onStart(null));
        assertTrue(error.getMessage().contains("CARECHAIN_JWT_PUBLIC_KEY_LOCATION"), error.getMessage());
        assertThrows(IllegalStateException.class, () -> check(null).onStart(null));
    }

    @Test
    void aReadableFileOrAJwksUrlIsAccepted() throws IOException {
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\n");
        assertDoesNotThrow(() -> check(key.toString()).onStart(null));
        assertDoesNotThrow(() -> check(key.toUri().toString()).onStart(null));
        assertDoesNotThrow(() -> check("https://issuer.example/jwks").onStart(null));
    }
}
