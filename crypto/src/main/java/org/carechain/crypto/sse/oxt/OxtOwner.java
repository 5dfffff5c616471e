package org.carechain.crypto.sse.oxt;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;
import org.bouncycastle.math.ec.ECPoint;
import org.carechain.crypto.Hash;
import org.carechain.crypto.aead.Aes256Gcm;
import org.carechain.crypto.sse.Entry;
import org.carechain.crypto.sse.KeywordState;

/**
 * The data owner's side of OXT (Cash, Jarecki, Jutla, Krawczyk, Roşu, Steiner, CRYPTO 2013) for
 * one security label: it turns (keyword, record id) pairs into TSet entries and XSet xtags, and
 * issues the tokens of conjunctive queries.
 *
 * <p>Adding the pair (w, id) as w's c-th entry, with xind = F_p(K_I, id) and z = F_p(K_Z, c || w):
 * <ul>
 *   <li>TSet entry: label L_c and value (y XOR M_c) || AES-GCM(K_e(w), id, aad = L_c), where
 *       y = xind · z<sup>−1</sup> mod q and L_c, M_c come from τ_c = HMAC(stag_w, c)
 *       ({@link EntryTokens});
 *   <li>xtag: H(g<sup>x_w · xind</sup>), x_w = F_p(K_X, w).
 * </ul>
 * The caller keeps each keyword's {@link KeywordState} (count and hash chain) and passes it in;
 * this class holds nothing but the keys. Deletion is not supported: an xtag cannot be withdrawn
 * from the server's set without telling it which one. Randomness (the AES-GCM nonces, the order of
 * a batch) is passed in.
 */
public final class OxtOwner {

  private final OxtKeys keys;

  private OxtOwner(OxtKeys keys) {
    this.keys = keys;
  }

  /** The owner of the label of {@code keys}. */
  public static OxtOwner create(OxtKeys keys) {
    return new OxtOwner(Objects.requireNonNull(keys, "keys"));
  }

  /** Adds (keyword, id) as the keyword's entry number {@code state.count() + 1}. */
  public OxtAddition add(String keyword, KeywordState state, byte[] id, SecureRandom random) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(random, "random");
    Keyword material = new Keyword(keyword);
    BigInteger xind = xind(id);
    Entry entry = seal(material, state.count() + 1, id, xind, random);
    Hash xtag = OxtGroup.hashOf(OxtGroup.baseMultiply(material.xterm.multiply(xind)));
    return new OxtAddition(entry, xtag, state.next(entry));
  }

  /**
   * Adds a batch of pairs, in the given order per keyword. The entries come back shuffled with
   * {@code random}, so that their order says nothing of which record or keyword each belongs to,
   * and the xtags sorted, so that the server cannot pair an entry with its xtag. A pair given
   * twice is indexed twice.
   *
   * @param states each keyword's state before the batch; a keyword absent here is new
   */
  public OxtUpdate addAll(List<OxtPair> pairs, Map<String, KeywordState> states, SecureRandom random) {
    Objects.requireNonNull(pairs, "pairs");
    Objects.requireNonNull(states, "states");
    Objects.requireNonNull(random, "random");
    Map<String, Keyword> materials = new HashMap<>();
    Map<String, KeywordState> after = new HashMap<>(states);
    List<Entry> entries = new ArrayList<>(pairs.size());
    BigInteger[] xtagScalars = new BigInteger[pairs.size()];
    for (int p = 0; p < pairs.size(); p++) {
      OxtPair pair = pairs.get(p);
      Keyword material = materials.computeIfAbsent(pair.keyword(), Keyword::new);
      KeywordState state = after.getOrDefault(pair.keyword(), KeywordState.EMPTY);
      byte[] id = pair.id();
      BigInteger xind = xind(id);
      Entry entry = seal(material, state.count() + 1, id, xind, random);
      entries.add(entry);
      after.put(pair.keyword(), state.next(entry));
      xtagScalars[p] = material.xterm.multiply(xind);
    }
    List<Hash> xtags = new ArrayList<>(pairs.size());
    for (ECPoint point : OxtGroup.baseMultiplyAll(xtagScalars)) {
      xtags.add(OxtGroup.hashOf(point));
    }
    Collections.sort(xtags);
    Collections.shuffle(entries, random);
    return new OxtUpdate(entries, xtags, after);
  }

  /**
   * The token of the conjunction {@code sTerm} ∧ {@code xTerms}, for the s-term's current state.
   * The caller chooses the least frequent term as the s-term ({@link #leastFrequent}): the server
   * works, and learns, in proportion to its count. Costs cnt · |xTerms| fixed-base exponentiations.
   */
  public OxtToken token(String sTerm, KeywordState sTermState, List<String> xTerms) {
    Objects.requireNonNull(sTermState, "sTermState");
    Objects.requireNonNull(xTerms, "xTerms");
    if (sTermState.count() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("an s-term has too many entries for one OXT query");
    }
    int count = (int) sTermState.count();
    int terms = xTerms.size();
    byte[] stag = keys.stag(sTerm);
    BigInteger[] xterms = new BigInteger[terms];
    for (int i = 0; i < terms; i++) {
      xterms[i] = keys.xterm(xTerms.get(i));
    }
    byte[][] entryTokens = new byte[count][];
    BigInteger[] scalars = new BigInteger[count * terms];
    for (int c = 1; c <= count; c++) {
      entryTokens[c - 1] = EntryTokens.token(stag, c);
      BigInteger blind = keys.blind(sTerm, c);
      for (int i = 0; i < terms; i++) {
        scalars[(c - 1) * terms + i] = blind.multiply(xterms[i]);
      }
    }
    ECPoint[] points = OxtGroup.baseMultiplyAll(scalars);
    byte[][][] xtokens = new byte[count][terms][];
    for (int c = 0; c < count; c++) {
      for (int i = 0; i < terms; i++) {
        xtokens[c][i] = OxtGroup.encode(points[c * terms + i]);
      }
    }
    return new OxtToken(OxtQuery.adopt(entryTokens, xtokens), entryKey(sTerm));
  }

  /** K_e(keyword), the key that opens the keyword's entries. */
  public OxtEntryKey entryKey(String keyword) {
    try {
      return OxtEntryKey.create(keys.entryKey(keyword));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA-256 output is an AES-256 key", e);
    }
  }

  /** The term with the smallest count, the first of those tied: the s-term to choose. */
  public static String leastFrequent(List<String> terms, ToLongFunction<String> count) {
    if (terms == null || terms.isEmpty()) {
      throw new IllegalArgumentException("a conjunction needs at least one term");
    }
    String best = terms.get(0);
    long bestCount = count.applyAsLong(best);
    for (String term : terms.subList(1, terms.size())) {
      long termCount = count.applyAsLong(term);
      if (termCount < bestCount) {
        best = term;
        bestCount = termCount;
      }
    }
    return best;
  }

  private BigInteger xind(byte[] id) {
    if (id == null || id.length == 0) {
      throw new IllegalArgumentException("a record id must not be empty");
    }
    return keys.xind(id);
  }

  private Entry seal(Keyword material, long counter, byte[] id, BigInteger xind, SecureRandom random) {
    byte[] token = EntryTokens.token(material.stag, counter);
    byte[] label = EntryTokens.label(token);
    BigInteger y = xind.multiply(keys.blind(material.keyword, counter).modInverse(OxtGroup.order()))
        .mod(OxtGroup.order());
    byte[] envelope = Aes256Gcm.seal(material.entryKey.aesKey(), id, label, random);
    byte[] value = new byte[EntryTokens.MASKED_Y_SIZE + envelope.length];
    System.arraycopy(EntryTokens.maskedY(token, y), 0, value, 0, EntryTokens.MASKED_Y_SIZE);
    System.arraycopy(envelope, 0, value, EntryTokens.MASKED_Y_SIZE, envelope.length);
    return new Entry(label, value);
  }

  /** What the owner derives once per keyword. */
  private final class Keyword {
    final String keyword;
    final byte[] stag;
    final BigInteger xterm;
    final OxtEntryKey entryKey;

    Keyword(String keyword) {
      this.keyword = keyword;
      this.stag = keys.stag(keyword);
      this.xterm = keys.xterm(keyword);
      this.entryKey = entryKey(keyword);
    }
  }
}
