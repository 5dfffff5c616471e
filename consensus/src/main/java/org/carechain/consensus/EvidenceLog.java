package org.carechain.consensus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Equivocation evidence, one record per (validator, height, round, kind), bounded in number. */
final class EvidenceLog {

  private record Key(String validator, long height, int round, MessageKind kind) {}

  private final int capacity;
  private final Map<Key, Evidence> records = new LinkedHashMap<>();

  EvidenceLog(int capacity) {
    this.capacity = capacity;
  }

  /** False if this slot's equivocation is already on record, or the log is full. */
  boolean record(Evidence evidence) {
    Key key = new Key(evidence.validator(), evidence.height(), evidence.round(), evidence.kind());
    if (records.containsKey(key) || records.size() >= capacity) {
      return false;
    }
    records.put(key, evidence);
    return true;
  }

  List<Evidence> all() {
    return List.copyOf(records.values());
  }

  List<Evidence> drain() {
    List<Evidence> drained = new ArrayList<>(records.values());
    records.clear();
    return drained;
  }
}
