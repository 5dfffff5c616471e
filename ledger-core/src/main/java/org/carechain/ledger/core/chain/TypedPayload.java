package org.carechain.ledger.core.chain;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import org.carechain.crypto.CanonicalEncoder;

/**
 * A payload whose schema another contract defines (registration, certificate and search records),
 * named by its protobuf type URL and carried as bytes.
 */
public record TypedPayload(String typeUrl, byte[] value) implements Transaction.Payload {

  /** The payload kind byte in a transaction's canonical encoding. */
  static final int KIND = 2;

  /** Largest payload, in bytes. */
  public static final int MAX_VALUE_BYTES = 64 * 1024;

  private static final Pattern TYPE_URL = Pattern.compile("type\\.carechain\\.org/carechain\\.[a-z]+\\.v[0-9]+\\.[A-Z][A-Za-z0-9]{0,63}");

  public TypedPayload {
    Objects.requireNonNull(typeUrl, "typeUrl");
    if (!TYPE_URL.matcher(typeUrl).matches()) {
      throw new IllegalArgumentException(
          "type URL must look like type.carechain.org/carechain.<area>.v1.<Message>");
    }
    Objects.requireNonNull(value, "value");
    if (value.length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("payload must have at most " + MAX_VALUE_BYTES + " bytes");
    }
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public void writeTo(CanonicalEncoder encoder) {
    encoder.writeByte(KIND).writeString(typeUrl).writeBytes(value);
  }

  static TypedPayload readFrom(org.carechain.crypto.CanonicalDecoder decoder) {
    return new TypedPayload(decoder.readString(), decoder.readBytes());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TypedPayload that && typeUrl.equals(that.typeUrl) && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return 31 * typeUrl.hashCode() + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "TypedPayload[" + typeUrl + ", " + value.length + " bytes]";
  }
}
