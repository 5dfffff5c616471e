package org.carechain.ledger.core.proposer;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.carechain.ledger.core.Ids;

/**
 * The committed proposer priorities of the weighted-round-robin policy, one per validator.
 * Immutable; part of the committed state, so the ledger stores them per height.
 */
public final class ProposerPriorities {

  private final SortedMap<String, Long> byValidator;

  private ProposerPriorities(SortedMap<String, Long> byValidator) {
    this.byValidator = Collections.unmodifiableSortedMap(byValidator);
  }

  /** Every validator at priority zero, as at genesis. */
  public static ProposerPriorities zero(Collection<String> validators) {
    SortedMap<String, Long> map = new TreeMap<>();
    for (String validator : validators) {
      map.put(Ids.require(validator, "validator"), 0L);
    }
    return new ProposerPriorities(map);
  }

  /** Priorities read back from storage. */
  public static ProposerPriorities of(Map<String, Long> byValidator) {
    Objects.requireNonNull(byValidator, "byValidator");
    SortedMap<String, Long> map = new TreeMap<>();
    byValidator.forEach(
        (validator, priority) ->
            map.put(Ids.require(validator, "validator"), Objects.requireNonNull(priority, validator)));
    return new ProposerPriorities(map);
  }

  /**
   * The priority of {@code validator}.
   *
   * @throws IllegalArgumentException if it has none
   */
  public long get(String validator) {
    Long priority = byValidator.get(validator);
    if (priority == null) {
      throw new IllegalArgumentException("no proposer priority for validator " + validator);
    }
    return priority;
  }

  /** Ascending by validator id. */
  public SortedMap<String, Long> asMap() {
    return byValidator;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ProposerPriorities that && byValidator.equals(that.byValidator);
  }

  @Override
  public int hashCode() {
    return byValidator.hashCode();
  }

  @Override
  public String toString() {
    return byValidator.toString();
  }
}
