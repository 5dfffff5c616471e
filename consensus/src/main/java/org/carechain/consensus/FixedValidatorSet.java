package org.carechain.consensus;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The validator set of a channel whose membership is fixed in genesis. */
final class FixedValidatorSet implements ValidatorSet {

  private final List<String> ids;
  private final Set<String> members;

  FixedValidatorSet(List<String> ids) {
    this.ids = List.copyOf(ids);
    this.members = new HashSet<>(this.ids);
    if (this.ids.isEmpty()) {
      throw new IllegalArgumentException("a validator set is not empty");
    }
    if (members.size() != this.ids.size()) {
      throw new IllegalArgumentException("validator ids repeat: " + ids);
    }
  }

  @Override
  public List<String> ids() {
    return ids;
  }

  @Override
  public boolean contains(String validator) {
    return members.contains(validator);
  }

  @Override
  public String toString() {
    return "ValidatorSet" + ids;
  }
}
