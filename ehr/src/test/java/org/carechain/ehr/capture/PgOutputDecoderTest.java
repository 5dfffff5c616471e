package org.carechain.ehr.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.carechain.ehr.capture.PgOutputMessage.Begin;
import org.carechain.ehr.capture.PgOutputMessage.Column;
import org.carechain.ehr.capture.PgOutputMessage.Commit;
import org.carechain.ehr.capture.PgOutputMessage.Delete;
import org.carechain.ehr.capture.PgOutputMessage.Insert;
import org.carechain.ehr.capture.PgOutputMessage.NullValue;
import org.carechain.ehr.capture.PgOutputMessage.Origin;
import org.carechain.ehr.capture.PgOutputMessage.Relation;
import org.carechain.ehr.capture.PgOutputMessage.Text;
import org.carechain.ehr.capture.PgOutputMessage.Truncate;
import org.carechain.ehr.capture.PgOutputMessage.TupleData;
import org.carechain.ehr.capture.PgOutputMessage.Type;
import org.carechain.ehr.capture.PgOutputMessage.UnchangedToast;
import org.carechain.ehr.capture.PgOutputMessage.Update;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PgOutputDecoderTest {

  private static final String PATIENT = "{\"id\": \"p-1\", \"name\": [{\"family\": \"Müller\"}], \"resourceType\": \"Patient\"}";

  @Test
  void begin() {
    byte[] bytes = PgOutputBytes.kind('B').int64(0x16B3748L).int64(786_000_000_123_456L).int32(741).bytes();
    assertEquals(new Begin(0x16B3748L, 786_000_000_123_456L, 741), decode(bytes));
  }

  @Test
  void commit() {
    byte[] bytes = PgOutputBytes.kind('C').byte1(0).int64(0x1_0000_0010L).int64(0x1_0000_0040L).int64(5L).bytes();
    assertEquals(new Commit(0, 0x1_0000_0010L, 0x1_0000_0040L, 5L), decode(bytes));
  }

  @Test
  void origin() {
    byte[] bytes = PgOutputBytes.kind('O').int64(99L).string("clinic_a").bytes();
    assertEquals(new Origin(99L, "clinic_a"), decode(bytes));
  }

  @Test
  void relationWithKeyAndOtherColumns() {
    byte[] bytes = PgOutputBytes.kind('R').int32(16_385).string("public").string("fhir_resource").byte1('f')
        .int16(3)
        .byte1(1).string("res_type").int32(25).int32(-1)
        .byte1(0).string("res_ver").int32(23).int32(-1)
        .byte1(0).string("content").int32(3802).int32(-1)
        .bytes();
    Relation relation = (Relation) decode(bytes);
    assertEquals(new Relation(16_385, "public", "fhir_resource", 'f', List.of(
        new Column(1, "res_type", 25, -1), new Column(0, "res_ver", 23, -1), new Column(0, "content", 3802, -1))),
        relation);
    assertTrue(relation.columns().get(0).partOfKey());
    assertEquals(2, relation.indexOf("content"));
    assertEquals(-1, relation.indexOf("res_id"));
  }

  @Test
  void relationOfPgCatalogHasAnEmptyNamespace() {
    byte[] bytes = PgOutputBytes.kind('R').int32(7).string("").string("t").byte1('d').int16(0).bytes();
    assertEquals(new Relation(7, "", "t", 'd', List.of()), decode(bytes));
  }

  @Test
  void type() {
    byte[] bytes = PgOutputBytes.kind('Y').int32(16_400).string("public").string("mood").bytes();
    assertEquals(new Type(16_400, "public", "mood"), decode(bytes));
  }

  @Test
  void insertWithTextNullAndUnchangedColumns() {
    byte[] bytes = PgOutputBytes.kind('I').int32(16_385).byte1('N').int16(4)
        .textColumn("Patient").byte1('n').byte1('u').textColumn(PATIENT).bytes();
    Insert insert = (Insert) decode(bytes);
    assertEquals(16_385, insert.relationId());
    assertEquals(List.of(new Text("Patient"), new NullValue(), new UnchangedToast(), new Text(PATIENT)),
        insert.newTuple().values());
  }

  @Test
  void emptyTextAndMultiByteText() {
    byte[] bytes = PgOutputBytes.kind('I').int32(1).byte1('N').int16(2).textColumn("").textColumn("ß→漢").bytes();
    assertEquals(List.of(new Text(""), new Text("ß→漢")), ((Insert) decode(bytes)).newTuple().values());
  }

  @Test
  void updateWithoutOldTuple() {
    byte[] bytes = PgOutputBytes.kind('U').int32(5).byte1('N').int16(1).textColumn("2").bytes();
    assertEquals(new Update(5, (char) 0, null, tuple(new Text("2"))), decode(bytes));
  }

  @Test
  void updateWithOldKey() {
    byte[] bytes = PgOutputBytes.kind('U').int32(5).byte1('K').int16(1).textColumn("a")
        .byte1('N').int16(2).textColumn("b").byte1('u').bytes();
    assertEquals(new Update(5, 'K', tuple(new Text("a")), tuple(new Text("b"), new UnchangedToast())), decode(bytes));
  }

  @Test
  void updateWithWholeOldRow() {
    byte[] bytes = PgOutputBytes.kind('U').int32(5).byte1('O').int16(2).textColumn("1").textColumn(PATIENT)
        .byte1('N').int16(2).textColumn("2").byte1('u').bytes();
    Update update = (Update) decode(bytes);
    assertEquals('O', update.oldKind());
    assertEquals(tuple(new Text("1"), new Text(PATIENT)), update.oldTuple());
    assertEquals(tuple(new Text("2"), new UnchangedToast()), update.newTuple());
  }

  @Test
  void deleteWithKeyOrWholeOldRow() {
    byte[] key = PgOutputBytes.kind('D').int32(9).byte1('K').int16(1).textColumn("x").bytes();
    assertEquals(new Delete(9, 'K', tuple(new Text("x"))), decode(key));
    byte[] full = PgOutputBytes.kind('D').int32(9).byte1('O').int16(2).textColumn("x").byte1('n').bytes();
    assertEquals(new Delete(9, 'O', tuple(new Text("x"), new NullValue())), decode(full));
  }

  @Test
  void truncateOfSeveralRelations() {
    byte[] bytes = PgOutputBytes.kind('T').int32(2).byte1(3).int32(16_385).int32(16_390).bytes();
    assertEquals(new Truncate(3, List.of(16_385, 16_390)), decode(bytes));
  }

  @Test
  void decodingLeavesTheCallersBufferAlone() {
    ByteBuffer buffer = PgOutputBytes.kind('B').int64(1).int64(2).int32(3).buffer();
    PgOutputDecoder.decode(buffer);
    assertEquals(0, buffer.position());
    assertEquals(21, buffer.limit());
  }

  @Test
  void decodesFromTheBuffersPosition() {
    byte[] message = PgOutputBytes.kind('O').int64(1).string("x").bytes();
    byte[] framed = new byte[message.length + 5];
    System.arraycopy(message, 0, framed, 5, message.length);
    assertEquals(new Origin(1, "x"), PgOutputDecoder.decode(ByteBuffer.wrap(framed).position(5)));
  }

  @Test
  void textValuesAreNotPrinted() {
    assertEquals("Text[" + PATIENT.length() + " chars]", new Text(PATIENT).toString());
    assertTrue(!tuple(new Text(PATIENT)).toString().contains("Müller"));
  }

  @Test
  void unknownMessageKind() {
    PgOutputFormatException e = malformed(PgOutputBytes.kind('X').int32(1).bytes());
    assertTrue(e.getMessage().contains("unknown pgoutput message kind 'X'"), e.getMessage());
    // Kinds of later protocol versions (stream start) are unknown in version 1 too.
    assertTrue(malformed(PgOutputBytes.kind('S').int32(1).byte1(1).bytes()).getMessage().contains("'S'"));
    assertTrue(malformed(new byte[] {(byte) 0x9F}).getMessage().contains("0x9F"));
  }

  @Test
  void emptyMessage() {
    assertTrue(malformed(new byte[0]).getMessage().contains("message kind"));
  }

  @Test
  void trailingBytes() {
    byte[] bytes = PgOutputBytes.kind('B').int64(1).int64(2).int32(3).byte1(0).bytes();
    assertTrue(malformed(bytes).getMessage().contains("1 unexpected trailing bytes"));
  }

  @Test
  void unknownTupleColumnKind() {
    // 'b' (binary) exists only from protocol version 2 on.
    byte[] bytes = PgOutputBytes.kind('I').int32(1).byte1('N').int16(2).textColumn("a").byte1('b').int32(0).bytes();
    assertTrue(malformed(bytes).getMessage().contains("tuple column 1: unknown kind 'b'"));
  }

  @Test
  void wrongTupleMarkers() {
    malformed(PgOutputBytes.kind('I').int32(1).byte1('O').int16(0).bytes());
    malformed(PgOutputBytes.kind('D').int32(1).byte1('N').int16(0).bytes());
    malformed(PgOutputBytes.kind('U').int32(1).byte1('X').int16(0).bytes());
    malformed(PgOutputBytes.kind('U').int32(1).byte1('O').int16(0).byte1('K').int16(0).bytes());
  }

  @Test
  void stringWithoutTerminator() {
    byte[] bytes = Arrays.copyOf(PgOutputBytes.kind('O').int64(1).string("abc").bytes(), 12);
    assertTrue(malformed(bytes).getMessage().contains("no terminating NUL"));
  }

  @Test
  void textLengthsOutOfBounds() {
    malformed(PgOutputBytes.kind('I').int32(1).byte1('N').int16(1).byte1('t').int32(-1).bytes());
    malformed(PgOutputBytes.kind('I').int32(1).byte1('N').int16(1).byte1('t').int32(Integer.MAX_VALUE).byte1('a')
        .bytes());
  }

  @Test
  void truncateCountBeyondTheMessage() {
    malformed(PgOutputBytes.kind('T').int32(1_000_000).byte1(0).int32(1).bytes());
    malformed(PgOutputBytes.kind('T').int32(-1).byte1(0).bytes());
  }

  @Test
  void everyStrictPrefixOfAWellFormedMessageIsMalformed() {
    for (byte[] message : samples()) {
      PgOutputDecoder.decode(ByteBuffer.wrap(message));
      for (int length = 0; length < message.length; length++) {
        byte[] prefix = Arrays.copyOf(message, length);
        try {
          PgOutputDecoder.decode(ByteBuffer.wrap(prefix));
          fail("a " + length + "-byte prefix of a '" + (char) message[0] + "' message decoded");
        } catch (PgOutputFormatException expected) {
          // wanted
        }
      }
    }
  }

  @RepeatedTest(20)
  void corruptedMessagesDecodeOrFailOnlyAsMalformed() {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    for (int round = 0; round < 500; round++) {
      List<byte[]> samples = samples();
      byte[] message = samples.get(random.nextInt(samples.size())).clone();
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        message[random.nextInt(message.length)] = (byte) random.nextInt(256);
      }
      try {
        PgOutputDecoder.decode(ByteBuffer.wrap(message));
      } catch (PgOutputFormatException expected) {
        // wanted: malformed input fails as malformed
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ", round " + round + ": " + e, e);
      }
    }
  }

  private static List<byte[]> samples() {
    return List.of(
        PgOutputBytes.kind('B').int64(10).int64(20).int32(30).bytes(),
        PgOutputBytes.kind('C').byte1(0).int64(10).int64(40).int64(20).bytes(),
        PgOutputBytes.kind('O').int64(10).string("origin").bytes(),
        PgOutputBytes.kind('R').int32(1).string("public").string("t").byte1('f').int16(2)
            .byte1(1).string("a").int32(25).int32(-1).byte1(0).string("b").int32(3802).int32(-1).bytes(),
        PgOutputBytes.kind('Y').int32(1).string("public").string("mood").bytes(),
        PgOutputBytes.kind('I').int32(1).byte1('N').int16(3).textColumn("a").byte1('n').textColumn(PATIENT).bytes(),
        PgOutputBytes.kind('U').int32(1).byte1('O').int16(2).textColumn("a").textColumn(PATIENT)
            .byte1('N').int16(2).textColumn("b").byte1('u').bytes(),
        PgOutputBytes.kind('D').int32(1).byte1('K').int16(1).textColumn("a").bytes(),
        PgOutputBytes.kind('T').int32(2).byte1(0).int32(1).int32(2).bytes());
  }

  private static TupleData tuple(PgOutputMessage.Value... values) {
    return new TupleData(List.of(values));
  }

  private static PgOutputMessage decode(byte[] bytes) {
    return PgOutputDecoder.decode(ByteBuffer.wrap(bytes));
  }

  private static PgOutputFormatException malformed(byte[] bytes) {
    PgOutputFormatException e = assertThrows(PgOutputFormatException.class, () -> decode(bytes));
    assertNull(e.getCause());
    assertInstanceOf(IllegalArgumentException.class, e);
    return e;
  }
}
