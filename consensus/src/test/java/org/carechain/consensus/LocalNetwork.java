package org.carechain.consensus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carechain.consensus.testing.TestValue;

/**
 * The four validators of {@link CoreFixture} wired together in one thread: messages wait in a FIFO
 * until {@link #deliverAll}, timers wait until a test fires them, and nothing sleeps.
 */
final class LocalNetwork {

  private record InFlight(String to, ConsensusMessage message) {}

  final CoreFixture fx = new CoreFixture();
  final Map<String, ConsensusCore<TestValue>> cores = new LinkedHashMap<>();
  final Map<String, List<Action.Decide<TestValue>>> decisions = new LinkedHashMap<>();
  final List<ConsensusMessage> sent = new ArrayList<>();
  final List<Action.ScheduleTimeout> firedTimers = new ArrayList<>();
  final Set<String> down = new HashSet<>();
  private final Map<String, List<Action.ScheduleTimeout>> timers = new LinkedHashMap<>();
  private final Deque<InFlight> inFlight = new ArrayDeque<>();
  private final long lastHeight;

  /** Validators start each next height up to {@code lastHeight}, then stop. */
  LocalNetwork(long lastHeight) {
    this.lastHeight = lastHeight;
    for (String id : CoreFixture.IDS) {
      cores.put(id, fx.core(id));
      decisions.put(id, new ArrayList<>());
      timers.put(id, new ArrayList<>());
    }
  }

  void startAll(long height) {
    cores.forEach((id, core) -> {
      if (!down.contains(id)) {
        handle(id, core.start(height));
      }
    });
  }

  void deliverAll() {
    while (!inFlight.isEmpty()) {
      InFlight next = inFlight.removeFirst();
      if (down.contains(next.to())) {
        continue;
      }
      ConsensusCore<TestValue> core = cores.get(next.to());
      handle(next.to(), next.message() instanceof Vote vote
          ? core.onVote(vote)
          : core.onProposal(cast(next.message())));
    }
  }

  /** Fires every pending timer of {@code step} at the validators that are up. */
  void fire(Step step) {
    timers.forEach((id, pending) -> {
      List<Action.ScheduleTimeout> due = pending.stream().filter(t -> t.step() == step).toList();
      pending.removeAll(due);
      if (!down.contains(id)) {
        for (Action.ScheduleTimeout timer : due) {
          firedTimers.add(timer);
          handle(id, cores.get(id).onTimeout(timer.height(), timer.round(), timer.step()));
        }
      }
    });
  }

  List<Action.ScheduleTimeout> pendingTimers(String id) {
    return List.copyOf(timers.get(id));
  }

  void handle(String id, List<Action> actions) {
    for (Action action : actions) {
      if (action instanceof Action.Broadcast broadcast) {
        sent.add(broadcast.message());
        for (String peer : CoreFixture.IDS) {
          if (!peer.equals(id) && !down.contains(id)) {
            inFlight.addLast(new InFlight(peer, broadcast.message()));
          }
        }
      } else if (action instanceof Action.ScheduleTimeout timeout) {
        timers.get(id).add(timeout);
      } else if (action instanceof Action.Decide<?> decide) {
        Action.Decide<TestValue> decided = cast(decide);
        decisions.get(id).add(decided);
        timers.get(id).clear();
        if (decided.height() < lastHeight) {
          handle(id, cores.get(id).start(decided.height() + 1));
        }
      } else if (action instanceof Action.Dropped dropped) {
        throw new AssertionError(id + " dropped " + dropped);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }
}
