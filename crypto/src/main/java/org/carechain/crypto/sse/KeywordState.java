package org.carechain.crypto.sse;

import java.security.MessageDigest;
import org.carechain.crypto.Hash;
import org.carechain.crypto.Sha256;

/**
 * The owner's state of one keyword under one security label: how many entries it has and the hash
 * chain over them, {@code d_c = SHA-256(d_{c-1} || L_c || SHA-256(value_c))} from {@code d_0 = 0^32}.
 * A user who recomputes the chain over what the server returned and finds the signed digest knows
 * that no entry was dropped, added, reordered, swapped or altered.
 */
public record KeywordState(long count, Hash digest) {

  /** A keyword with no entries. */
  public static final KeywordState EMPTY = new KeywordState(0, Hash.of(new byte[Hash.SIZE]));

  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

  public KeywordState {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative");
    }
    if (digest == null) {
      throw new IllegalArgumentException("digest is required");
    }
  }

  /** The state after appending {@code entry} as entry number {@code count + 1}. */
  public KeywordState next(Entry entry) {
    return new KeywordState(count + 1, chain(digest, entry.label(), entry.value()));
  }

  /** One step of the chain. */
  public static Hash chain(Hash previous, byte[] label, byte[] value) {
    MessageDigest sha = DIGEST.get();
    byte[] valueHash = sha.digest(value);
    previous.updateDigest(sha);
    sha.update(label);
    sha.update(valueHash);
    return Hash.of(sha.digest());
  }
}
