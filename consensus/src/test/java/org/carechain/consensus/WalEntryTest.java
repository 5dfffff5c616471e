package org.carechain.consensus;

import static org.carechain.consensus.CoreFixture.H;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.carechain.consensus.testing.TestValue;
import org.junit.jupiter.api.Test;

class WalEntryTest {

  private final CoreFixture fx = new CoreFixture();
  private final TestValue value = TestValue.honest(H, "v1", 0);
  private final List<WalEntry<TestValue>> entries = List.of(
      WalEntry.withoutValidValue(fx.proposal(H, 0, value, -1, "v1"), null, -1),
      WalEntry.withoutValidValue(fx.prevote(H, 0, null, "v0"), null, -1),
      new WalEntry<>(fx.precommit(H, 2, value.id(), "v0"), value, 2, value, 2,
          List.of(fx.prevote(H, 2, value.id(), "v0"), fx.prevote(H, 2, value.id(), "v3"))));

  @Test
  void entriesRoundTripThroughBytesAndStreams() throws IOException {
    for (WalEntry<TestValue> entry : entries) {
      assertEquals(entry, WalEntry.fromBytes(entry.toBytes(TestValue.CODEC), TestValue.CODEC));
    }
    assertEquals(entries, readAll(writeAll()));
  }

  @Test
  void aTornTailIsAnEndOfFileNotAnEntry() throws IOException {
    byte[] log = writeAll();
    byte[] torn = Arrays.copyOf(log, log.length - 3);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(torn));
    WalEntry.readFrom(in, TestValue.CODEC);
    WalEntry.readFrom(in, TestValue.CODEC);
    assertThrows(EOFException.class, () -> WalEntry.readFrom(in, TestValue.CODEC));
  }

  @Test
  void aFlippedBitFailsTheChecksum() throws IOException {
    byte[] log = writeAll();
    log[20] ^= 0x04;
    IOException e = assertThrows(IOException.class, () -> readAll(log));
    assertEquals("WAL entry checksum mismatch", e.getMessage());
  }

  @Test
  void trailingBytesAreRefused() {
    byte[] bytes = entries.get(1).toBytes(TestValue.CODEC);
    assertThrows(IllegalArgumentException.class,
        () -> WalEntry.fromBytes(Arrays.copyOf(bytes, bytes.length + 1), TestValue.CODEC));
  }

  @Test
  void inconsistentEntriesCannotBeBuilt() {
    Vote vote = fx.prevote(H, 0, null, "v0");
    assertThrows(IllegalArgumentException.class, () -> new WalEntry<>(vote, value, -1, null, -1, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new WalEntry<>(vote, null, -1, null, -1, List.of(vote)));
  }

  private byte[] writeAll() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (WalEntry<TestValue> entry : entries) {
      entry.writeTo(out, TestValue.CODEC);
    }
    return bytes.toByteArray();
  }

  private static List<WalEntry<TestValue>> readAll(byte[] log) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(log));
    List<WalEntry<TestValue>> read = new java.util.ArrayList<>();
    while (in.available() > 0) {
      read.add(WalEntry.readFrom(in, TestValue.CODEC));
    }
    return read;
  }
}
