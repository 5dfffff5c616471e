package org.carechain.crypto.sse.oxt;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.math.ec.ECPoint;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sse.Entry;

/**
 * The untrusted server's OXT index for one owner and security label: the TSet (label → value) and
 * the XSet ({@link XSetTree}). It stores only pseudorandom labels, masked scalars, AES-GCM
 * ciphertexts and xtag hashes.
 *
 * <p>Search, for each entry token τ_c of the query: look up L_c, unmask y_c, and for each x-term i
 * compute H(xtoken[c][i]<sup>y_c</sup>) and test it against the XSet, stopping at the first xtag
 * absent. An entry whose xtags are all present is a match. For an entry of w_1 and an id that has
 * w_i, xtoken<sup>y</sup> = g<sup>z · x_{w_i} · xind · z<sup>−1</sup></sup> =
 * g<sup>x_{w_i} · xind</sup>, exactly the xtag the owner inserted.
 *
 * <p>Not thread-safe: serialise {@link #apply} against everything else. Between applies, searches
 * only read and may run concurrently.
 */
public final class OxtIndex {

  private final Map<Hash, byte[]> tset = new HashMap<>();
  private final XSetTree xset = new XSetTree();

  /**
   * Stores a batch from the owner: all of it, or nothing if a label is already taken or repeated.
   *
   * @throws IllegalArgumentException if an entry's label is already in the TSet or repeated in the
   *     batch; nothing is stored then
   */
  public void apply(List<Entry> entries, List<Hash> xtags) {
    Objects.requireNonNull(entries, "entries");
    Objects.requireNonNull(xtags, "xtags");
    Set<Hash> labels = new HashSet<>();
    for (Entry entry : entries) {
      Hash label = Hash.of(entry.label());
      if (tset.containsKey(label) || !labels.add(label)) {
        throw new IllegalArgumentException("an OXT entry label is already stored");
      }
    }
    for (Hash xtag : xtags) {
      Objects.requireNonNull(xtag, "xtag");
    }
    for (Entry entry : entries) {
      tset.put(Hash.of(entry.label()), entry.value());
    }
    for (Hash xtag : xtags) {
      xset.insert(xtag);
    }
    xset.root();
  }

  /** The XSet's root hash, which the owner signs for strict verification. */
  public Hash xsetRoot() {
    return xset.root();
  }

  /** The number of TSet entries. */
  public int tsetSize() {
    return tset.size();
  }

  /** The number of distinct xtags. */
  public long xsetSize() {
    return xset.size();
  }

  /** Every stored TSet entry, in no particular order; for audits and tests. */
  public List<Entry> storedEntries() {
    List<Entry> entries = new ArrayList<>(tset.size());
    tset.forEach((label, value) -> entries.add(new Entry(label.toByteArray(), value)));
    return entries;
  }

  /** Every stored xtag; for audits and tests. */
  public List<Hash> storedXtags() {
    return xset.xtags();
  }

  /**
   * Answers a conjunctive query. Entries the server does not hold are left out (the verifier then
   * rejects the answer).
   *
   * @throws IllegalArgumentException if an xtoken the search uses is not a P-256 point; nothing
   *     changes
   */
  public OxtResult search(OxtQuery query, VerificationMode mode) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(mode, "mode");
    boolean strict = mode == VerificationMode.STRICT;
    int terms = query.xTermCount();
    List<OxtResult.Row> rows = new ArrayList<>(query.size());
    for (int c = 0; c < query.size(); c++) {
      byte[] token = query.entryTokenRaw(c);
      byte[] label = EntryTokens.label(token);
      byte[] value = tset.get(Hash.of(label));
      if (value == null) {
        continue;
      }
      BigInteger y = EntryTokens.unmaskY(token, value);
      boolean match = y != null;
      List<XSetProof> proofs = strict ? new ArrayList<>(terms) : List.of();
      for (int i = 0; match && i < terms; i++) {
        ECPoint xtoken = OxtGroup.decode(query.xtokenRaw(c, i));
        byte[] xtag = OxtGroup.hashOf(OxtGroup.multiply(xtoken, y)).toByteArray();
        if (strict) {
          XSetProof proof = xset.proveKey(xtag);
          proofs.add(proof);
          match = proof.terminalKey() != null && proof.terminalKey().contentEquals(xtag);
        } else {
          match = xset.containsKey(xtag);
        }
      }
      boolean full = match || strict;
      rows.add(new OxtResult.Row(label, full ? value : null, full ? null : Hash.sha256(value), match, proofs));
    }
    return new OxtResult(rows);
  }
}
