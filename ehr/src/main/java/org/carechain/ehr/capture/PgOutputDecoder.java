package org.carechain.ehr.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
import org.carechain.ehr.capture.PgOutputMessage.Value;

/**
 * Decodes {@code pgoutput} protocol version 1 messages: pure, no I/O. Integers are big-endian,
 * strings are NUL-terminated UTF-8 (pgjdbc asks the server for UTF-8), and a message must be
 * consumed exactly: a short or over-long message is malformed.
 */
public final class PgOutputDecoder {

  private static final NullValue NULL = new NullValue();
  private static final UnchangedToast UNCHANGED_TOAST = new UnchangedToast();

  private PgOutputDecoder() {}

  /**
   * Decodes the message from {@code buffer}'s position to its limit, without moving the caller's
   * buffer.
   *
   * @throws PgOutputFormatException if the bytes are not one well-formed version 1 message
   */
  public static PgOutputMessage decode(ByteBuffer buffer) {
    Reader in = new Reader(buffer.slice().order(ByteOrder.BIG_ENDIAN));
    char kind = (char) in.byte1("message kind");
    PgOutputMessage message = switch (kind) {
      case 'B' -> new Begin(in.int64("final LSN"), in.int64("commit time"), in.int32("xid"));
      case 'C' -> new Commit(in.byte1("flags"), in.int64("commit LSN"), in.int64("end LSN"), in.int64("commit time"));
      case 'O' -> new Origin(in.int64("origin commit LSN"), in.string("origin name"));
      case 'R' -> relation(in);
      case 'Y' -> new Type(in.int32("type OID"), in.string("type namespace"), in.string("type name"));
      case 'I' -> insert(in);
      case 'U' -> update(in);
      case 'D' -> delete(in);
      case 'T' -> truncate(in);
      default -> throw new PgOutputFormatException(
          "unknown pgoutput message kind " + describe(kind) + " (protocol version 1 knows B C O R Y I U D T)");
    };
    if (in.remaining() != 0) {
      throw new PgOutputFormatException(
          "pgoutput message '" + kind + "' has " + in.remaining() + " unexpected trailing bytes");
    }
    return message;
  }

  private static Relation relation(Reader in) {
    int relationId = in.int32("relation id");
    String namespace = in.string("relation namespace");
    String name = in.string("relation name");
    int replicaIdentity = in.byte1("replica identity");
    int count = in.int16("column count");
    List<Column> columns = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      columns.add(new Column(in.byte1("column flags"), in.string("column name"), in.int32("column type"),
          in.int32("column type modifier")));
    }
    return new Relation(relationId, namespace, name, replicaIdentity, columns);
  }

  private static Insert insert(Reader in) {
    int relationId = in.int32("relation id");
    in.expect('N', "insert");
    return new Insert(relationId, tuple(in));
  }

  private static Update update(Reader in) {
    int relationId = in.int32("relation id");
    char marker = (char) in.byte1("update tuple marker");
    char oldKind = 0;
    TupleData oldTuple = null;
    if (marker == 'K' || marker == 'O') {
      oldKind = marker;
      oldTuple = tuple(in);
      marker = (char) in.byte1("update new tuple marker");
    }
    if (marker != 'N') {
      throw new PgOutputFormatException("update: expected tuple marker K, O or N, got " + describe(marker));
    }
    return new Update(relationId, oldKind, oldTuple, tuple(in));
  }

  private static Delete delete(Reader in) {
    int relationId = in.int32("relation id");
    char oldKind = (char) in.byte1("delete tuple marker");
    if (oldKind != 'K' && oldKind != 'O') {
      throw new PgOutputFormatException("delete: expected tuple marker K or O, got " + describe(oldKind));
    }
    return new Delete(relationId, oldKind, tuple(in));
  }

  private static Truncate truncate(Reader in) {
    int count = in.int32("truncated relation count");
    int options = in.byte1("truncate options");
    if (count < 0 || count > in.remaining() / 4) {
      throw new PgOutputFormatException("truncate: relation count " + count + " does not fit the message");
    }
    List<Integer> relationIds = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      relationIds.add(in.int32("truncated relation id"));
    }
    return new Truncate(options, relationIds);
  }

  private static TupleData tuple(Reader in) {
    int count = in.int16("tuple column count");
    List<Value> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      char kind = (char) in.byte1("tuple column kind");
      values.add(switch (kind) {
        case 'n' -> NULL;
        case 'u' -> UNCHANGED_TOAST;
        case 't' -> new Text(in.text(in.int32("text length")));
        default -> throw new PgOutputFormatException("tuple column " + i + ": unknown kind " + describe(kind)
            + " (protocol version 1 knows n, u and t)");
      });
    }
    return new TupleData(values);
  }

  private static String describe(char kind) {
    return kind >= 0x20 && kind < 0x7f ? "'" + kind + "'" : String.format("0x%02X", (int) kind);
  }

  /** Bounds-checked big-endian reads that name what was being read when the bytes ran out. */
  private static final class Reader {
    private final ByteBuffer buffer;

    Reader(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    int remaining() {
      return buffer.remaining();
    }

    int byte1(String what) {
      need(1, what);
      return buffer.get() & 0xFF;
    }

    int int16(String what) {
      need(2, what);
      return buffer.getShort() & 0xFFFF;
    }

    int int32(String what) {
      need(4, what);
      return buffer.getInt();
    }

    long int64(String what) {
      need(8, what);
      return buffer.getLong();
    }

    void expect(char marker, String what) {
      int got = byte1(what + " tuple marker");
      if (got != marker) {
        throw new PgOutputFormatException(what + ": expected tuple marker '" + marker + "', got " + describe((char) got));
      }
    }

    String string(String what) {
      int start = buffer.position();
      for (int i = start; i < buffer.limit(); i++) {
        if (buffer.get(i) == 0) {
          String value = utf8(start, i - start);
          buffer.position(i + 1);
          return value;
        }
      }
      throw new PgOutputFormatException("message ends inside " + what + " (no terminating NUL) at offset " + start);
    }

    String text(int length) {
      if (length < 0) {
        throw new PgOutputFormatException("negative text length " + length + " at offset " + buffer.position());
      }
      need(length, "text value");
      String value = utf8(buffer.position(), length);
      buffer.position(buffer.position() + length);
      return value;
    }

    private String utf8(int offset, int length) {
      byte[] bytes = new byte[length];
      buffer.get(offset, bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }

    private void need(int bytes, String what) {
      if (buffer.remaining() < bytes) {
        throw new PgOutputFormatException("message ends inside " + what + ": needs " + bytes + " bytes at offset "
            + buffer.position() + ", has " + buffer.remaining());
      }
    }
  }
}
