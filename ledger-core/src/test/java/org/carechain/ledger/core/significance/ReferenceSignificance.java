package org.carechain.ledger.core.significance;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.carechain.crypto.Hash;

/**
 * The naive implementation the engine is checked against: it keeps only the raw live records and,
 * when asked, recomputes every provider's significance from scratch with the plain formula. It
 * shares no arithmetic, no counters and no encoder with the engine.
 */
final class ReferenceSignificance {

  /** An unreduced fraction; only ever compared by cross-multiplication. */
  record Fraction(BigInteger numerator, BigInteger denominator) {
    static final Fraction ZERO = new Fraction(BigInteger.ZERO, BigInteger.ONE);

    Fraction plus(Fraction other) {
      return new Fraction(
          numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
          denominator.multiply(other.denominator));
    }

    boolean sameValueAs(Rational value) {
      return numerator.multiply(value.denominator()).equals(value.numerator().multiply(denominator));
    }

    long floorNano() {
      // Both parts are non-negative here, so truncating division is the floor.
      return numerator.multiply(BigInteger.valueOf(1_000_000_000L)).divide(denominator).longValueExact();
    }

    @Override
    public String toString() {
      return numerator + "/" + denominator;
    }
  }

  private record Live(String provider, String type, Hash patient, ItemMask mask) {}

  private final ItemCatalog catalog;
  private final long rewardNano;
  private final Map<RecordKey, Live> live = new LinkedHashMap<>();
  private final Map<String, Long> blocks = new TreeMap<>();

  ReferenceSignificance(ItemCatalog catalog, long rewardNano) {
    this.catalog = catalog;
    this.rewardNano = rewardNano;
  }

  /** Applies the event if the lifecycle rules allow it; returns whether it was accepted. */
  boolean accept(SignificanceEvent event) {
    if (event instanceof BlockReward reward) {
      blocks.merge(reward.proposer(), 1L, Long::sum);
      return true;
    }
    RecordEvent e = (RecordEvent) event;
    if (!catalog.covers(e.resourceType())) {
      return false;
    }
    int omega = catalog.items(e.resourceType()).size();
    if (e.itemMask().items().anyMatch(item -> item >= omega)) {
      return false;
    }
    RecordKey key = e.key();
    Live existing = live.get(key);
    switch (e.operation()) {
      case CREATE:
      case UPDATE:
        if ((e.operation() == Operation.CREATE) != (existing == null)) {
          return false;
        }
        live.remove(key);
        live.put(key, new Live(e.provider(), e.resourceType(), e.patientRef(), e.itemMask()));
        return true;
      case DELETE:
        if (existing == null || (e.patientRef() != null && !e.patientRef().equals(existing.patient))) {
          return false;
        }
        live.remove(key);
        return true;
      default:
        throw new AssertionError(e.operation());
    }
  }

  /** Keys of the live records, in the order they became live. */
  Set<RecordKey> liveKeys() {
    return live.keySet();
  }

  Hash patientOf(RecordKey key) {
    return live.get(key).patient;
  }

  /** s(k) for every provider with s(k) &gt; 0, straight from the formula. */
  Map<String, Fraction> significance() {
    Map<String, Fraction> s = new TreeMap<>();
    for (Live t : live.values()) {
      int omega = catalog.items(t.type).size();
      Fraction v = Fraction.ZERO;
      for (int item = 0; item < omega; item++) {
        if (t.mask.fills(item)) {
          v = v.plus(new Fraction(BigInteger.ONE, BigInteger.valueOf(providersFilling(t, item))));
        }
      }
      v = new Fraction(v.numerator, v.denominator.multiply(BigInteger.valueOf(omega)));
      s.merge(t.provider, v, Fraction::plus);
    }
    blocks.forEach((provider, count) -> s.merge(
        provider,
        new Fraction(
            BigInteger.valueOf(rewardNano).multiply(BigInteger.valueOf(count)),
            BigInteger.valueOf(1_000_000_000L)),
        Fraction::plus));
    s.values().removeIf(f -> f.numerator.signum() == 0);
    return s;
  }

  /** n(p, τ, ω): distinct providers with a live record of τ for p filling ω. */
  private int providersFilling(Live t, int item) {
    Set<String> providers = new HashSet<>();
    for (Live other : live.values()) {
      if (other.type.equals(t.type) && other.patient.equals(t.patient) && other.mask.fills(item)) {
        providers.add(other.provider);
      }
    }
    return providers.size();
  }

  /** The root, assembled byte by byte from the layout in docs/significance.md. */
  static Hash root(Map<String, Long> sortedNanoTable) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      byte[] tag = "carechain/ledger/significance-root/v1".getBytes(StandardCharsets.US_ASCII);
      out.writeInt(tag.length);
      out.write(tag);
      out.writeInt(sortedNanoTable.size());
      for (Map.Entry<String, Long> row : sortedNanoTable.entrySet()) {
        byte[] provider = row.getKey().getBytes(StandardCharsets.UTF_8);
        out.writeInt(provider.length);
        out.write(provider);
        out.writeLong(row.getValue());
      }
      return Hash.of(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
