package org.carechain.crypto.sse.oxt;

import java.util.List;
import java.util.Objects;

/**
 * What the server receives for a conjunction w_1 ∧ … ∧ w_n with s-term w_1: for each counter
 * c = 1..cnt(w_1), the entry token τ_c = HMAC(stag_{w_1}, c) (which opens the TSet label and y of
 * entry c, see {@link OxtIndex}) and the n − 1 xtokens
 * xtoken[c][i] = g^{z_{w_1,c} · x_{w_i}}, i = 2..n, each a compressed P-256 point.
 *
 * <p>Tokens list the s-term's entries one by one (Mitra style), so the server cannot find entries
 * added after the token was issued. Immutable; indices here are 0-based (index c − 1), x-terms in
 * the order the owner was given them.
 */
public final class OxtQuery {

  private final byte[][] entryTokens;
  private final byte[][][] xtokens;

  private OxtQuery(byte[][] entryTokens, byte[][][] xtokens) {
    this.entryTokens = entryTokens;
    this.xtokens = xtokens;
  }

  /**
   * A query from its parts, checking their shape (not yet that each xtoken is a curve point; the
   * server finds that when it uses one).
   *
   * @param entryTokens one 32-byte token per entry of the s-term, in counter order
   * @param xtokens for each entry, the same number of 33-byte xtokens (possibly none)
   * @throws IllegalArgumentException with the reason, if the shape is wrong
   */
  public static OxtQuery create(List<byte[]> entryTokens, List<List<byte[]>> xtokens) {
    Objects.requireNonNull(entryTokens, "entryTokens");
    Objects.requireNonNull(xtokens, "xtokens");
    if (entryTokens.size() != xtokens.size()) {
      throw new IllegalArgumentException("an OXT query needs one row of xtokens per entry token");
    }
    int terms = xtokens.isEmpty() ? 0 : xtokens.get(0).size();
    byte[][] tokens = new byte[entryTokens.size()][];
    byte[][][] rows = new byte[entryTokens.size()][][];
    for (int c = 0; c < tokens.length; c++) {
      byte[] token = entryTokens.get(c);
      if (token == null || token.length != EntryTokens.TOKEN_SIZE) {
        throw new IllegalArgumentException("an entry token is " + EntryTokens.TOKEN_SIZE + " bytes");
      }
      tokens[c] = token.clone();
      List<byte[]> row = xtokens.get(c);
      if (row == null || row.size() != terms) {
        throw new IllegalArgumentException("every entry of an OXT query has the same number of xtokens");
      }
      rows[c] = new byte[terms][];
      for (int i = 0; i < terms; i++) {
        byte[] xtoken = row.get(i);
        if (xtoken == null || xtoken.length != OxtGroup.POINT_SIZE) {
          throw new IllegalArgumentException("an xtoken is a " + OxtGroup.POINT_SIZE + "-byte compressed point");
        }
        rows[c][i] = xtoken.clone();
      }
    }
    return new OxtQuery(tokens, rows);
  }

  /** Built by the owner from fresh arrays it hands over. */
  static OxtQuery adopt(byte[][] entryTokens, byte[][][] xtokens) {
    return new OxtQuery(entryTokens, xtokens);
  }

  /** cnt(w_1): the number of s-term entries the query covers. */
  public int size() {
    return entryTokens.length;
  }

  /** n − 1: the number of x-terms. */
  public int xTermCount() {
    return entryTokens.length == 0 ? 0 : xtokens[0].length;
  }

  /** A copy of the entry token of counter {@code index + 1}. */
  public byte[] entryToken(int index) {
    return entryTokens[index].clone();
  }

  /** A copy of the xtoken of counter {@code index + 1} and x-term {@code term}. */
  public byte[] xtoken(int index, int term) {
    return xtokens[index][term].clone();
  }

  byte[] entryTokenRaw(int index) {
    return entryTokens[index];
  }

  byte[] xtokenRaw(int index, int term) {
    return xtokens[index][term];
  }

  /** The size on the wire: 32 bytes per entry token, 33 per xtoken. */
  public long byteSize() {
    return (long) size() * (EntryTokens.TOKEN_SIZE + (long) xTermCount() * OxtGroup.POINT_SIZE);
  }

  @Override
  public String toString() {
    return "OxtQuery[" + size() + " entries, " + xTermCount() + " x-terms]";
  }
}
