package org.carechain.crypto.testing;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A {@link SecureRandom} that hands out the given byte strings, one per {@code nextBytes} call, and
 * fails if a call asks for a different length or for more strings than were scripted. It lets a
 * test fix exactly what randomness code under test consumes (a published ephemeral key, chosen
 * polynomial coefficients). Never for production use.
 */
public final class ScriptedSecureRandom extends SecureRandom {

  private static final long serialVersionUID = 1L;

  private final transient Deque<byte[]> script = new ArrayDeque<>();

  public ScriptedSecureRandom(byte[]... outputs) {
    for (byte[] output : outputs) {
      script.add(output.clone());
    }
  }

  @Override
  public void nextBytes(byte[] bytes) {
    byte[] next = script.poll();
    if (next == null) {
      throw new IllegalStateException("the script has no more random outputs");
    }
    if (next.length != bytes.length) {
      throw new IllegalStateException(
          "the script's next output is " + next.length + " bytes, the caller asked for " + bytes.length);
    }
    System.arraycopy(next, 0, bytes, 0, bytes.length);
  }

  /** Whether every scripted output has been consumed. */
  public boolean exhausted() {
    return script.isEmpty();
  }
}
