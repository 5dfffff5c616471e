package org.carechain.crypto.sse.oxt;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.carechain.crypto.Hash;

/**
 * The server's answer to an {@link OxtQuery}: one row per s-term entry it holds, in counter order.
 * A carrier only: nothing in it is trusted until {@link OxtVerifier} has checked it.
 */
public record OxtResult(List<Row> rows) {

  public OxtResult {
    rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
  }

  /**
   * One s-term entry as the server reports it.
   *
   * @param label the entry's TSet label
   * @param value the entry's full value, or null when only its hash is sent (a non-match in
   *     {@link VerificationMode#FILTERED} mode)
   * @param valueHash SHA-256 of the value when the value itself is not sent, else null
   * @param match whether the server found every xtag of this entry in the XSet
   * @param proofs {@link VerificationMode#STRICT} only: for x-terms 1, 2, … in order, the XSet
   *     proof of each xtag the server tested, up to and including the first one absent
   */
  public record Row(byte[] label, byte[] value, Hash valueHash, boolean match, List<XSetProof> proofs) {

    public Row {
      Objects.requireNonNull(label, "label");
      label = label.clone();
      value = value == null ? null : value.clone();
      proofs = List.copyOf(Objects.requireNonNull(proofs, "proofs"));
    }

    @Override
    public byte[] label() {
      return label.clone();
    }

    @Override
    public byte[] value() {
      return value == null ? null : value.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Row that
          && Arrays.equals(label, that.label)
          && Arrays.equals(value, that.value)
          && Objects.equals(valueHash, that.valueHash)
          && match == that.match
          && proofs.equals(that.proofs);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(label);
    }

    @Override
    public String toString() {
      return "Row[" + (match ? "match" : "no match") + ", " + proofs.size() + " proofs]";
    }
  }

  /** The answer's size on the wire, roughly: labels, values or hashes, proofs. */
  public long byteSize() {
    long total = 0;
    for (Row row : rows) {
      total += 32 + 1 + (row.value == null ? Hash.SIZE : row.value.length);
      for (XSetProof proof : row.proofs) {
        total += proof.byteSize();
      }
    }
    return total;
  }
}
