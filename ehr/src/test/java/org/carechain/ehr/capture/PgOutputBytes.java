package org.carechain.ehr.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes pgoutput version 1 messages by hand, field by field as "Logical Replication Message
 * Formats" in the PostgreSQL documentation lays them out, independently of the decoder.
 */
final class PgOutputBytes {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static PgOutputBytes kind(char kind) {
    return new PgOutputBytes().byte1(kind);
  }

  PgOutputBytes byte1(int value) {
    out.write(value);
    return this;
  }

  PgOutputBytes int16(int value) {
    return byte1(value >>> 8).byte1(value);
  }

  PgOutputBytes int32(int value) {
    return int16(value >>> 16).int16(value);
  }

  PgOutputBytes int64(long value) {
    return int32((int) (value >>> 32)).int32((int) value);
  }

  /** A NUL-terminated string. */
  PgOutputBytes string(String value) {
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    return byte1(0);
  }

  /** A tuple column of kind 't': Int32 length, then the text bytes. */
  PgOutputBytes textColumn(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    byte1('t').int32(bytes.length);
    out.writeBytes(bytes);
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  ByteBuffer buffer() {
    return ByteBuffer.wrap(bytes());
  }
}
