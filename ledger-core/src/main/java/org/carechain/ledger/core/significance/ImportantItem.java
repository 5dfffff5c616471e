package org.carechain.ledger.core.significance;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One important item of a resource type, as agreed by the consortium: a name and the FHIRPath
 * expression that decides whether a record fills it.
 *
 * <p>The expression is carried, not evaluated: change capture evaluates it and sends the result as
 * the record's item mask, so the ledger never sees clinical content.
 *
 * @param name 1 to 64 characters of {@code [A-Za-z0-9_.-]}, unique within its resource type
 * @param fhirPath the FHIRPath expression; not blank, no control characters
 */
public record ImportantItem(String name, String fhirPath) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final int MAX_EXPRESSION_LENGTH = 4096;

  public ImportantItem {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fhirPath, "fhirPath");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "important item name must be 1 to 64 characters of [A-Za-z0-9_.-], got \"" + name + "\"");
    }
    if (fhirPath.isBlank() || fhirPath.length() > MAX_EXPRESSION_LENGTH) {
      throw new IllegalArgumentException(
          "important item " + name + ": FHIRPath expression must be non-blank and at most "
              + MAX_EXPRESSION_LENGTH + " characters");
    }
    if (fhirPath.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "important item " + name + ": FHIRPath expression contains a control character");
    }
  }
}
