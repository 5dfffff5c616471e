package org.carechain.crypto.testing;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * A {@link SecureRandom} whose bytes come from a seeded {@link SplittableRandom}, so that a test
 * that passes randomness into crypto code can be replayed. Never for production use.
 */
public final class SeededSecureRandom extends SecureRandom {

  private static final long serialVersionUID = 1L;

  private final transient SplittableRandom random;

  public SeededSecureRandom(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  public void nextBytes(byte[] bytes) {
    random.nextBytes(bytes);
  }
}
