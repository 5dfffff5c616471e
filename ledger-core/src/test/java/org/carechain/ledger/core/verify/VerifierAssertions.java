package org.carechain.ledger.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Asserts that a verification fails at one particular check. */
final class VerifierAssertions {

  private VerifierAssertions() {}

  @FunctionalInterface
  interface Verification {
    void run() throws VerificationException;
  }

  static VerificationException assertFailsAt(Check expected, Verification verification, String what) {
    try {
      verification.run();
    } catch (VerificationException e) {
      assertEquals(expected, e.check(), what + ": failed for another reason: " + e.getMessage());
      return e;
    }
    return fail(what + ": verified, but must fail at " + expected);
  }

  static void assertVerifies(Verification verification, String what) {
    try {
      verification.run();
    } catch (VerificationException e) {
      fail(what + ": failed at " + e.check() + ": " + e.getMessage());
    }
  }
}
