package org.carechain.ehr.capture;

/**
 * A {@code pgoutput} message that does not follow protocol version 1: unknown kind, truncated, or
 * with trailing bytes. The message names the kind and the byte offset, never the data.
 */
public final class PgOutputFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public PgOutputFormatException(String message) {
    super(message);
  }
}
