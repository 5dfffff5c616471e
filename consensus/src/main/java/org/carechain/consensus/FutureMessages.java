package org.carechain.consensus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Authentic messages of the next height, held until this validator starts it. Bounded per sender,
 * so one validator can neither flood memory nor crowd out the others.
 */
final class FutureMessages {

  private final int perSender;
  private final List<ConsensusMessage> arrivalOrder = new ArrayList<>();
  private final Map<String, Integer> countBySender = new HashMap<>();

  FutureMessages(int perSender) {
    this.perSender = perSender;
  }

  boolean holds(ConsensusMessage message) {
    for (ConsensusMessage held : arrivalOrder) {
      if (held.sameStatementAs(message) && held.signature().equals(message.signature())) {
        return true;
      }
    }
    return false;
  }

  /** False if the sender's quota is full. */
  boolean offer(ConsensusMessage message) {
    int count = countBySender.getOrDefault(message.sender(), 0);
    if (count >= perSender) {
      return false;
    }
    countBySender.put(message.sender(), count + 1);
    arrivalOrder.add(message);
    return true;
  }

  /** Removes and returns the messages of {@code height} in arrival order; forgets older heights. */
  List<ConsensusMessage> take(long height) {
    List<ConsensusMessage> taken = new ArrayList<>();
    Iterator<ConsensusMessage> it = arrivalOrder.iterator();
    while (it.hasNext()) {
      ConsensusMessage message = it.next();
      if (message.height() <= height) {
        it.remove();
        countBySender.merge(message.sender(), -1, Integer::sum);
        if (message.height() == height) {
          taken.add(message);
        }
      }
    }
    return taken;
  }
}
