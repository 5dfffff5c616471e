package org.carechain.crypto.sse;

import java.util.Arrays;

/**
 * One encrypted index entry as the server stores it: a 32-byte PRF label and the AES-GCM value.
 * Its leaf in the owner's RFC 6962 update log is {@code label || value}.
 */
public record Entry(byte[] label, byte[] value) {

  /** The size of a label. */
  public static final int LABEL_SIZE = 32;

  public Entry {
    if (label == null || label.length != LABEL_SIZE) {
      throw new IllegalArgumentException("an entry label is " + LABEL_SIZE + " bytes");
    }
    if (value == null || value.length == 0) {
      throw new IllegalArgumentException("an entry value is required");
    }
    label = label.clone();
    value = value.clone();
  }

  @Override
  public byte[] label() {
    return label.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The leaf data of this entry in the update log: {@code label || value}. */
  public byte[] leafData() {
    byte[] data = Arrays.copyOf(label, LABEL_SIZE + value.length);
    System.arraycopy(value, 0, data, LABEL_SIZE, value.length);
    return data;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Entry that && Arrays.equals(label, that.label) && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(label) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "Entry[" + value.length + "-byte value]";
  }
}
