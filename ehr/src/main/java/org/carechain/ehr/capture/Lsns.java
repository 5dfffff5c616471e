package org.carechain.ehr.capture;

import java.util.Locale;
import java.util.regex.Pattern;

/** PostgreSQL log sequence numbers as text ({@code X/Y}, two hexadecimal halves) and as longs. */
public final class Lsns {

  private static final Pattern TEXT = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

  private Lsns() {}

  /**
   * Parses PostgreSQL's text form, e.g. {@code 0/16B3748}.
   *
   * @throws IllegalArgumentException if {@code text} is not two hexadecimal halves of at most 8
   *     digits separated by a slash
   */
  public static long parse(String text) {
    if (text == null || !TEXT.matcher(text).matches()) {
      throw new IllegalArgumentException("an LSN must look like 0/16B3748 (two hex halves), got " + quoted(text));
    }
    int slash = text.indexOf('/');
    long high = Long.parseLong(text.substring(0, slash), 16);
    long low = Long.parseLong(text.substring(slash + 1), 16);
    return (high << 32) | low;
  }

  /** PostgreSQL's text form: upper-case hexadecimal halves without leading zeros. */
  public static String format(long lsn) {
    return String.format(Locale.ROOT, "%X/%X", lsn >>> 32, lsn & 0xFFFF_FFFFL);
  }

  private static String quoted(String text) {
    if (text == null) {
      return "null";
    }
    // An LSN is never long; a long value is something else and need not be echoed whole.
    return "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
  }
}
