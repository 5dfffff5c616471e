package org.carechain.crypto.sse;

/**
 * HL7 v3 confidentiality codes (the {@code security_label} of a record event). Each has its own
 * master key, so a user granted only some labels cannot form tokens for, nor decrypt, the others.
 */
public enum SecurityLabel {
  /** Unrestricted. */
  U,
  /** Low. */
  L,
  /** Moderate. */
  M,
  /** Normal. */
  N,
  /** Restricted. */
  R,
  /** Very restricted. */
  V;

  /** @throws IllegalArgumentException for anything but U, L, M, N, R or V */
  public static SecurityLabel fromCode(String code) {
    if (code != null && code.length() == 1) {
      for (SecurityLabel label : values()) {
        if (label.name().equals(code)) {
          return label;
        }
      }
    }
    throw new IllegalArgumentException("unknown security label; expected U, L, M, N, R or V");
  }
}
