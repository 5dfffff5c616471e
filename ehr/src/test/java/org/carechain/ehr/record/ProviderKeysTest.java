package org.carechain.ehr.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderKeysTest {

  @TempDir
  Path directory;

  @Test
  void writtenKeysLoadBackAndOnlyTheOwnerCanReadThem() throws IOException {
    ProviderKeys keys = ProviderKeys.generate(new SecureRandom());
    keys.writeTo(directory);
    assertEquals(keys, ProviderKeys.load(directory));
    for (String name : new String[] {"content-salt.key", "record.key", "patient.key"}) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(name))), name);
      assertEquals(65, Files.readString(directory.resolve(name)).length(), name + " holds 64 hex digits and a newline");
    }
    assertThrows(FileAlreadyExistsException.class, () -> keys.writeTo(directory));
  }

  @Test
  void toStringAndErrorsNeverShowAKey() throws IOException {
    ProviderKeys keys = ProviderKeys.generate(new SecureRandom());
    for (byte[] secret : new byte[][] {keys.contentSalt(), keys.recordKey(), keys.patientKey()}) {
      assertFalse(keys.toString().toLowerCase().contains(HexFormat.of().formatHex(secret).substring(0, 8)));
    }
    String notHex = "zz" + "ab".repeat(31);
    Files.writeString(directory.resolve("content-salt.key"), notHex);
    Files.writeString(directory.resolve("record.key"), "00".repeat(32));
    Files.writeString(directory.resolve("patient.key"), "00".repeat(32));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProviderKeys.load(directory));
    assertFalse(e.getMessage().contains("abab"), e.getMessage());
  }

  @Test
  void keysAreThirtyTwoBytesAndCopied() {
    byte[] salt = new byte[32];
    ProviderKeys keys = ProviderKeys.create(salt, new byte[32], new byte[32]);
    salt[0] = 1;
    assertArrayEquals(new byte[32], keys.contentSalt());
    keys.contentSalt()[0] = 1;
    assertArrayEquals(new byte[32], keys.contentSalt());
    assertThrows(IllegalArgumentException.class, () -> ProviderKeys.create(new byte[31], new byte[32], new byte[32]));
    assertThrows(IllegalArgumentException.class, () -> keys.withPatientKey(new byte[33]));
    assertNotEquals(keys, keys.withPatientKey(salt));
  }
}
