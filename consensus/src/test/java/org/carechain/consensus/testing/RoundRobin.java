package org.carechain.consensus.testing;

import java.util.List;
import org.carechain.consensus.ProposerSchedule;

/** proposer(h, r) = ids[(h + r) mod n]: every validator proposes once in any n consecutive rounds. */
public record RoundRobin(List<String> ids) implements ProposerSchedule {

  public RoundRobin {
    ids = List.copyOf(ids);
  }

  @Override
  public String proposer(long height, int round) {
    return ids.get((int) Math.floorMod(height + round, (long) ids.size()));
  }
}
