package org.carechain.consensus.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.carechain.consensus.Action;
import org.carechain.consensus.ConsensusConfig;
import org.carechain.consensus.ConsensusCore;
import org.carechain.consensus.ConsensusMessage;
import org.carechain.consensus.CoreDependencies;
import org.carechain.consensus.InvalidCertificateException;
import org.carechain.consensus.Proposal;
import org.carechain.consensus.SigningPayloads;
import org.carechain.consensus.TimeoutSchedule;
import org.carechain.consensus.ValidatorSet;
import org.carechain.consensus.Vote;
import org.carechain.consensus.WalEntry;
import org.carechain.consensus.testing.RoundRobin;
import org.carechain.consensus.testing.TestValue;

/**
 * A whole validator network in one thread. The simulator owns the clock (milliseconds, advanced
 * only by popping events) and the network (every message's loss, delay and duplication is drawn
 * from the schedule's seed), so a seed replays exactly.
 *
 * <p>Before GST: loss, duplication, long delays (hence reordering), partitions, and crashes of
 * correct validators at any point of an action list, each followed by a restart from the WAL. At
 * GST every crashed validator is back, nothing is lost and delays are at most 40 ms. Then every
 * correct validator must commit {@code heightsAfterGst} more heights within a deadline, and each
 * height started after GST must be decided within 2n rounds.
 */
final class Simulation {

  static final TimeoutSchedule TIMEOUTS = new TimeoutSchedule(300, 100, 150, 75, 150, 75);
  static final long GOSSIP_INTERVAL_MILLIS = 200;
  static final long CATCH_UP_RETRY_MILLIS = 300;
  static final long LIVENESS_DEADLINE_MILLIS = 120_000;
  static final long MAX_EVENTS = 5_000_000;

  private record Event(long time, long sequence, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event other) {
      int byTime = Long.compare(time, other.time);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }

  private final Scenario scenario;
  private final SplittableRandom random;
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private final Map<String, SimNode> nodes = new LinkedHashMap<>();
  private final Map<String, ByzantineBehaviour> behaviours = new LinkedHashMap<>();
  private final ValidatorSet validators;
  private final RoundRobin proposers;
  private final SigningPayloads payloads = SigningPayloads.of("carechain-sim", "ehr");
  private final SimCrypto crypto;
  private final Invariants invariants;
  private final SimResult.Builder result = new SimResult.Builder();
  private final ArrayDeque<String> trace = new ArrayDeque<>();
  private final boolean tracing = Boolean.getBoolean("consensus.trace");

  private long now;
  private long sequence;
  private boolean stable;
  /** Heights above this one were started by every correct validator after GST. */
  private long lastHeightInProgressAtGst = Long.MAX_VALUE;
  private long targetHeight = Long.MAX_VALUE;

  Simulation(Scenario scenario) {
    this.scenario = scenario;
    this.random = new SplittableRandom(scenario.seed() ^ 0x5DEECE66DL);
    this.validators = ValidatorSet.of(scenario.ids());
    this.proposers = new RoundRobin(scenario.ids());
    this.crypto = scenario.realSignatures() ? SimCrypto.ed25519(scenario.ids()) : SimCrypto.fake(scenario.ids());
    this.invariants = new Invariants(scenario, validators, proposers, payloads, crypto.authenticator());
    for (String id : scenario.ids()) {
      SimNode node = new SimNode(id, scenario.byzantine().get(id));
      nodes.put(id, node);
      if (!node.isCorrect()) {
        List<String> peers = scenario.ids().stream().filter(p -> !p.equals(id)).toList();
        behaviours.put(id, new ByzantineBehaviour(node, peers, crypto.signerFor(id), payloads, proposers,
            random.split()));
      }
    }
  }

  /** Runs the schedule; throws an {@link AssertionError} naming the seed on any violation. */
  static SimResult run(Scenario scenario) {
    Simulation simulation = new Simulation(scenario);
    try {
      return simulation.execute();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("schedule failed: " + e.getMessage() + "\n  at t=" + simulation.now + " ms, "
          + simulation.nodes.values() + "\n  " + scenario
          + "\n  replay: ./mvnw -B -f consensus/pom.xml verify -Dtest=SimulationTest -Dconsensus.seed="
          + scenario.seed() + " (add -Dconsensus.trace=true for the last events)"
          + (simulation.trace.isEmpty() ? "" : "\n  last events:\n    " + String.join("\n    ", simulation.trace)), e);
    }
  }

  private SimResult execute() {
    for (SimNode node : nodes.values()) {
      boot(node);
      schedule(random.nextLong(GOSSIP_INTERVAL_MILLIS), () -> gossip(node));
    }
    for (long crashAt : scenario.scheduledCrashes()) {
      schedule(crashAt, this::crashSomeone);
    }
    schedule(scenario.gstMillis(), this::reachGst);
    long events = 0;
    while (!queue.isEmpty() && !done()) {
      Event event = queue.poll();
      now = event.time();
      event.action().run();
      if (++events > MAX_EVENTS) {
        throw new AssertionError("more than " + MAX_EVENTS + " events: livelock?");
      }
      if (stable && now > scenario.gstMillis() + LIVENESS_DEADLINE_MILLIS) {
        throw new AssertionError("liveness: not every correct validator reached height " + targetHeight
            + " within " + LIVENESS_DEADLINE_MILLIS + " ms after GST");
      }
    }
    if (!done()) {
      throw new AssertionError("the event queue ran dry before height " + targetHeight);
    }
    for (SimNode node : nodes.values()) {
      if (node.isCorrect()) {
        for (var evidence : node.core.evidence()) {
          if (scenario.isCorrect(evidence.validator())) {
            throw new AssertionError(node.id + " holds evidence against correct " + evidence.validator());
          }
          result.evidence++;
        }
      }
    }
    return result.build(scenario, events, now);
  }

  // ---------------------------------------------------------------- validators

  private ConsensusCore<TestValue> newCore(SimNode node) {
    String id = node.id;
    CoreDependencies<TestValue> deps = new CoreDependencies<>(
        validators,
        proposers,
        (value, height, round) -> value.isValidAt(height, round, proposers),
        (height, round) -> TestValue.honest(height, id, round),
        crypto.signerFor(id),
        crypto.authenticator());
    return new ConsensusCore<>(ConsensusConfig.of(id, payloads, TIMEOUTS), deps);
  }

  private void boot(SimNode node) {
    node.core = newCore(node);
    List<WalEntry<TestValue>> wal = new ArrayList<>();
    for (SimNode.WalRecord record : node.wal) {
      wal.add(WalEntry.fromBytes(record.bytes(), TestValue.CODEC));
    }
    execute(node, node.core.recover(node.nextHeight(), wal));
  }

  private void crashSomeone() {
    List<SimNode> candidates = nodes.values().stream().filter(n -> n.isCorrect() && n.isUp()).toList();
    if (!candidates.isEmpty()) {
      crash(candidates.get(random.nextInt(candidates.size())));
    }
  }

  private void crash(SimNode node) {
    node.core = null;
    node.incarnation++;
    result.crashes++;
    note(() -> node.id + " crashed");
    long restartAt = Math.max(now + 1, Math.min(now + random.nextLong(50, 3_000), scenario.gstMillis()));
    int incarnation = node.incarnation;
    schedule(restartAt, () -> {
      if (node.incarnation == incarnation && !node.isUp()) {
        note(() -> node.id + " restarts from its WAL at height " + node.nextHeight());
        boot(node);
      }
    });
  }

  private void reachGst() {
    stable = true;
    for (SimNode node : nodes.values()) {
      if (!node.isUp()) {
        boot(node);
      }
    }
    lastHeightInProgressAtGst = nodes.values().stream()
        .filter(SimNode::isCorrect).mapToLong(n -> n.core.height()).max().orElseThrow();
    targetHeight = lastHeightInProgressAtGst + scenario.heightsAfterGst();
  }

  /**
   * Heights started after GST must be decided within 2n rounds: every validator proposes twice.
   * Why not n: a Byzantine validator's equivocated prevote can leave one correct validator with a
   * lock (and proof of lock) the others missed in that round, and Algorithm 1 only adopts a proof
   * of lock for the current round, so the decision can wait for that validator's next turn. Over
   * 40,000 schedules the worst seen was round 5 (n = 4) and round 8 (n = 7).
   */
  private int roundBound() {
    return 2 * scenario.n();
  }

  private boolean done() {
    if (!stable) {
      return false;
    }
    for (SimNode node : nodes.values()) {
      if (node.isCorrect() && node.nextHeight() <= targetHeight) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- carrying out actions

  @SuppressWarnings("unchecked")
  private void execute(SimNode node, List<Action> actions) {
    int incarnation = node.incarnation;
    Action.Decide<TestValue> decided = null;
    for (Action action : actions) {
      if (node.incarnation != incarnation) {
        return;
      }
      if (!stable && node.isCorrect() && scenario.crashPerAction() > 0 && random.nextDouble() < scenario.crashPerAction()) {
        crash(node);
        return;
      }
      if (action instanceof Action.Persist<?> persist) {
        WalEntry<TestValue> entry = (WalEntry<TestValue>) persist.entry();
        node.wal.add(new SimNode.WalRecord(entry.height(), entry.toBytes(TestValue.CODEC)));
        if (node.isCorrect()) {
          invariants.persisted(node.id, entry.message());
        }
      } else if (action instanceof Action.Broadcast broadcast) {
        broadcast(node, broadcast.message());
      } else if (action instanceof Action.ScheduleTimeout timeout) {
        schedule(now + timeout.delayMillis(), () -> {
          if (node.incarnation == incarnation) {
            execute(node, node.core.onTimeout(timeout.height(), timeout.round(), timeout.step()));
          }
        });
      } else if (action instanceof Action.Decide<?> decide) {
        decided = (Action.Decide<TestValue>) decide;
        commit(node, decided);
      } else if (action instanceof Action.Dropped dropped) {
        result.dropped++;
        if (node.isCorrect()) {
          invariants.dropped(node.id, dropped);
        }
      }
    }
    if (decided != null && node.incarnation == incarnation) {
      execute(node, node.core.start(decided.height() + 1));
    }
  }

  private void commit(SimNode node, Action.Decide<TestValue> decide) {
    long height = decide.height();
    note(() -> node.id + " decides " + decide.value() + " at height " + height + " round " + decide.round());
    if (node.isCorrect()) {
      invariants.decided(node.id, decide);
      if (stable && height > lastHeightInProgressAtGst) {
        result.maxRoundAfterGst = Math.max(result.maxRoundAfterGst, decide.round());
        if (decide.round() >= roundBound()) {
          throw new AssertionError("liveness: height " + height + " started after GST but was decided only in round "
              + decide.round() + " (bound: rounds 0.." + (roundBound() - 1) + ")");
        }
      }
      result.maxDecisionRound = Math.max(result.maxDecisionRound, decide.round());
    }
    node.chain.put(height, new SimNode.Commit(decide.value(), decide.certificate()));
    node.wal.removeIf(record -> record.height() <= height);
    node.seenIds.clear();
  }

  // ---------------------------------------------------------------- network

  private void broadcast(SimNode node, ConsensusMessage message) {
    if (node.isCorrect()) {
      invariants.broadcast(node.id, message);
      for (SimNode peer : nodes.values()) {
        if (peer != node) {
          send(node, peer, message);
        }
      }
      return;
    }
    for (ByzantineBehaviour.Send send : behaviours.get(node.id).transform(message)) {
      invariants.observe(send.message());
      send(node, nodes.get(send.to()), send.message());
    }
  }

  /** Each tick a validator relays what it holds to one random peer: cheap, and eventually everyone. */
  private void gossip(SimNode node) {
    if (node.isUp() && node.strategy != Strategy.SILENT) {
      SimNode peer = nodes.get(scenario.ids().get(random.nextInt(scenario.n())));
      if (peer != node) {
        for (ConsensusMessage message : node.core.gossip()) {
          if (!node.isCorrect()) {
            invariants.observe(message); // a Byzantine validator's gossip may carry what its broadcasts hid
          }
          send(node, peer, message);
        }
      }
    }
    schedule(now + GOSSIP_INTERVAL_MILLIS, () -> gossip(node));
  }

  private void send(SimNode from, SimNode to, ConsensusMessage message) {
    result.messages++;
    transmit(from, to, () -> deliver(from, to, message));
  }

  /** The network's verdict on one transmission: lost, or delivered (perhaps twice) after a delay. */
  private void transmit(SimNode from, SimNode to, Runnable delivery) {
    if (!stable) {
      for (Scenario.Partition partition : scenario.partitions()) {
        if (partition.separates(from.id, to.id, now)) {
          return;
        }
      }
      if (random.nextDouble() < scenario.loss()) {
        return;
      }
    }
    long maxDelay = stable ? scenario.maxDelayAfterGst() : scenario.maxDelayBeforeGst();
    schedule(now + 1 + random.nextLong(maxDelay), delivery);
    if (random.nextDouble() < scenario.duplication()) {
      schedule(now + 1 + random.nextLong(maxDelay), delivery);
    }
  }

  @SuppressWarnings("unchecked")
  private void deliver(SimNode from, SimNode to, ConsensusMessage message) {
    if (!to.isUp()) {
      return;
    }
    note(() -> from.id + " -> " + to + ": " + message);
    if (message.height() > to.core.height()) {
      requestCatchUp(to, from);
    }
    if (message instanceof Proposal<?> proposal) {
      if (proposal.height() == to.core.height()) {
        to.seenIds.add(proposal.blockId());
      }
      execute(to, to.core.onProposal((Proposal<TestValue>) proposal));
    } else {
      execute(to, to.core.onVote((Vote) message));
    }
  }

  // ---------------------------------------------------------------- catch-up

  private void requestCatchUp(SimNode node, SimNode peer) {
    if (now - node.lastCatchUpRequest < CATCH_UP_RETRY_MILLIS) {
      return;
    }
    node.lastCatchUpRequest = now;
    long from = node.nextHeight();
    transmit(node, peer, () -> serveCatchUp(peer, node, from));
  }

  private void serveCatchUp(SimNode server, SimNode requester, long fromHeight) {
    if (!server.isUp() || server.strategy == Strategy.SILENT) {
      return;
    }
    List<SimNode.Commit> commits = new ArrayList<>(server.chain.subMap(fromHeight, fromHeight + 4).values());
    if (server.strategy == Strategy.CHAOS && !commits.isEmpty()) {
      commits.set(0, behaviours.get(server.id).forgedCommit(commits.get(0)));
    }
    if (!commits.isEmpty()) {
      transmit(server, requester, () -> applyCatchUp(requester, server, commits));
    }
  }

  private void applyCatchUp(SimNode node, SimNode server, List<SimNode.Commit> commits) {
    for (SimNode.Commit commit : commits) {
      if (!node.isUp() || commit.value().height() != node.core.height() || node.core.isDecided()) {
        continue;
      }
      try {
        List<Action> actions = node.core.onCommit(commit.value(), commit.certificate());
        result.catchUps++;
        execute(node, actions);
      } catch (InvalidCertificateException e) {
        if (server.isCorrect()) {
          throw new AssertionError(node.id + " rejected correct " + server.id + "'s commit: " + e.getMessage(), e);
        }
        result.forgedCertificatesRejected++;
        return;
      }
    }
  }

  // ---------------------------------------------------------------- events

  private void schedule(long time, Runnable action) {
    queue.add(new Event(time, sequence++, action));
  }

  private void note(java.util.function.Supplier<String> line) {
    if (tracing) {
      trace.addLast(now + " ms: " + line.get());
      if (trace.size() > 200) {
        trace.removeFirst();
      }
    }
  }
}
