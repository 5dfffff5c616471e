package org.carechain.crypto.sse.oxt;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;
import org.carechain.crypto.Hash;
import org.carechain.crypto.Sha256;
import org.carechain.crypto.sse.Entry;
import org.carechain.crypto.sse.KeywordState;

/**
 * The user's check of a conjunctive answer, before anything is decrypted. The caller passes in
 * what it has already authenticated: the s-term's (count, digest) from the owner's signed
 * statement, and for strict mode the XSet root the owner signed for the same epoch. Both methods
 * return the verified matches or throw; neither trusts anything else in the answer.
 *
 * <p><b>Both modes</b> check that the answer has one row per entry of the s-term, in counter order;
 * that row c carries the label L_c that the query's entry token τ_c opens; and that the hash chain
 * d_c = SHA-256(d_{c−1} || L_c || SHA-256(value_c)) over the rows ends at the signed digest (the
 * chain of {@link KeywordState}). So the s-term's entry list is exactly the owner's, and each
 * returned match is one of its entries, unaltered, including its masked y.
 *
 * <p><b>{@link #verifyFiltered}</b> stops there. It does <em>not</em> check which entries satisfy the
 * x-terms: the user cannot recompute XSet membership. A lying server can therefore hide true
 * matches (report a match as a non-match, sending only its hash) and add false ones (report any
 * other entry of the s-term as a match). What holds: the answer is a subset of DB(w_1), and its
 * entries are authentic and fresh with the statement.
 *
 * <p><b>{@link #verifyStrict}</b> also needs every entry in full, and for each entry the server's
 * XSet proofs in x-term order: for a match, a membership proof for each of the n − 1 xtags; for a
 * non-match, membership proofs up to an absence proof for the first xtag missing. The user
 * recomputes each xtag itself, H(xtoken[c][i]<sup>y_c</sup>), from the owner's xtoken and the
 * chain-verified y_c, and checks the proof against the signed root. Then the answer is exactly
 * DB(w_1) ∩ … ∩ DB(w_n) at that epoch: nothing missing, nothing extra. The price is the whole s-term
 * in the answer, about log2 N + 1 hashes per proof, and one variable-base exponentiation per xtag
 * checked, as many as the server made.
 */
public final class OxtVerifier {

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Sha256::newDigest);

  private OxtVerifier() {}

  /**
   * Checks an answer given in {@link VerificationMode#FILTERED} (or strict) form.
   *
   * @return the returned matches, which are authentic entries of the s-term
   * @throws OxtVerificationException if the s-term's entry list is not exactly the owner's
   */
  public static List<OxtMatch> verifyFiltered(OxtQuery query, KeywordState sTerm, OxtResult result)
      throws OxtVerificationException {
    return checkChain(query, sTerm, result, false);
  }

  /**
   * Checks an answer given in {@link VerificationMode#STRICT} form.
   *
   * @param xsetRoot the XSet root the owner signed for the epoch of {@code sTerm}
   * @return exactly the entries of the s-term whose record has every x-term
   * @throws OxtVerificationException if the s-term's entries are not exactly the owner's, or any
   *     entry's match or non-match is not proven against {@code xsetRoot}
   */
  public static List<OxtMatch> verifyStrict(
      OxtQuery query, KeywordState sTerm, Hash xsetRoot, OxtResult result) throws OxtVerificationException {
    Objects.requireNonNull(xsetRoot, "xsetRoot");
    List<OxtMatch> matches = checkChain(query, sTerm, result, true);
    int terms = query.xTermCount();
    for (int c = 0; c < query.size(); c++) {
      OxtResult.Row row = result.rows().get(c);
      List<XSetProof> proofs = row.proofs();
      boolean shapeOk = row.match() ? proofs.size() == terms : proofs.size() >= 1 && proofs.size() <= terms;
      if (!shapeOk) {
        throw new OxtVerificationException("entry " + (c + 1) + " does not carry the XSet proofs its claim needs");
      }
      BigInteger y = EntryTokens.unmaskY(query.entryTokenRaw(c), row.value());
      if (y == null) {
        throw new OxtVerificationException("entry " + (c + 1) + " does not hold a valid y");
      }
      for (int i = 0; i < proofs.size(); i++) {
        Hash xtag = OxtGroup.hashOf(OxtGroup.multiply(decodeXtoken(query, c, i), y));
        boolean present = proofs.get(i).verify(xsetRoot, xtag);
        boolean last = i == proofs.size() - 1;
        if (present == (!row.match() && last)) {
          throw new OxtVerificationException(
              "entry " + (c + 1) + " is claimed " + (row.match() ? "a match" : "a non-match")
                  + " but the XSet proofs say otherwise");
        }
      }
    }
    return matches;
  }

  private static List<OxtMatch> checkChain(OxtQuery query, KeywordState sTerm, OxtResult result, boolean strict)
      throws OxtVerificationException {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(sTerm, "sTerm");
    Objects.requireNonNull(result, "result");
    if (query.size() != sTerm.count()) {
      throw new OxtVerificationException("the query does not cover the s-term's signed count");
    }
    List<OxtResult.Row> rows = result.rows();
    if (rows.size() != query.size()) {
      throw new OxtVerificationException("the answer does not have one row per entry of the s-term");
    }
    List<Integer> matchIndices = new ArrayList<>();
    byte[] digest = new byte[Hash.SIZE];
    MessageDigest sha = SHA256.get();
    for (int c = 0; c < rows.size(); c++) {
      OxtResult.Row row = rows.get(c);
      byte[] label = row.label();
      if (!MessageDigest.isEqual(label, EntryTokens.label(query.entryTokenRaw(c)))) {
        throw new OxtVerificationException("entry " + (c + 1) + " is not the s-term's entry of that counter");
      }
      byte[] value = row.value();
      if ((value == null) == (row.valueHash() == null)) {
        throw new OxtVerificationException("entry " + (c + 1) + " must carry either its value or its value hash");
      }
      if (value == null && (strict || row.match())) {
        throw new OxtVerificationException("entry " + (c + 1) + " is missing its value");
      }
      byte[] valueHash = value != null ? sha.digest(value) : row.valueHash().toByteArray();
      sha.update(digest);
      sha.update(label);
      sha.update(valueHash);
      digest = sha.digest();
      if (row.match()) {
        matchIndices.add(c);
      }
    }
    if (!sTerm.digest().contentEquals(digest)) {
      throw new OxtVerificationException("the s-term's entries do not hash to the signed digest");
    }
    List<OxtMatch> matches = new ArrayList<>(matchIndices.size());
    for (int c : matchIndices) {
      OxtResult.Row row = rows.get(c);
      matches.add(new OxtMatch(c + 1, new Entry(row.label(), row.value())));
    }
    return matches;
  }

  private static ECPoint decodeXtoken(OxtQuery query, int c, int i)
      throws OxtVerificationException {
    try {
      return OxtGroup.decode(query.xtokenRaw(c, i));
    } catch (IllegalArgumentException e) {
      throw new OxtVerificationException("the query holds an xtoken that is not a P-256 point");
    }
  }
}
