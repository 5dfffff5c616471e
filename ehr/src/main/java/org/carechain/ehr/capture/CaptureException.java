package org.carechain.ehr.capture;

/**
 * Change capture cannot go on: the stream broke, or it carries something that cannot be captured
 * row by row (a TRUNCATE). The message names LSNs and tables, never row ids or content.
 */
public final class CaptureException extends Exception {

  private static final long serialVersionUID = 1L;

  public CaptureException(String message) {
    super(message);
  }

  public CaptureException(String message, Throwable cause) {
    super(message, cause);
  }
}
