package org.carechain.search.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.carechain.crypto.sign.Ed25519Verify;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostedOwnersTest {

    private static final String KEY = HexFormat.of().formatHex(TestOwner.key("hospital1").publicKey().toByteArray());

    @Test
    void parsesEachOwnerWithItsKey() throws Exception {
        Map<String, Ed25519Verify> owners = HostedOwners.parse(List.of("hospital1:" + KEY, " hospital-2.example:" + KEY));
        assertEquals(List.of("hospital1", "hospital-2.example"), List.copyOf(owners.keySet()));
        assertEquals(TestOwner.key("hospital1").publicKey().keyId(), owners.get("hospital1").keyId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hospital1", "Hospital1:KEY", ":KEY", "hospital1:abcd", "hospital1:KEYzz", "hospital 1:KEY",
            "hospital1:KEY,hospital1:KEY"})
    void refusesAMalformedListNamingTheEntry(String config) {
        List<String> entries = List.of(config.replace("KEY", KEY).split(","));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> HostedOwners.parse(entries));
        assertFalse(error.getMessage().contains(KEY), "the reason does not repeat the key");
        assertEquals(true, error.getMessage().startsWith("carechain.search.server.owners["), error.getMessage());
    }
}
