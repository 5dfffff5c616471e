package org.carechain.consensus.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.ConsensusMessage;
import org.carechain.consensus.MessageSigner;
import org.carechain.consensus.Proposal;
import org.carechain.consensus.ProposerSchedule;
import org.carechain.consensus.SigningPayloads;
import org.carechain.consensus.Vote;
import org.carechain.consensus.testing.TestValue;
import org.carechain.crypto.Hash;

/**
 * Turns what a Byzantine validator's honest core wants to send into what it actually sends, per
 * peer. Everything it signs is signed with its own key: it can lie, but it cannot sign for others.
 */
final class ByzantineBehaviour {

  record Send(String to, ConsensusMessage message) {}

  private final SimNode node;
  private final List<String> peers;
  private final MessageSigner signer;
  private final SigningPayloads payloads;
  private final ProposerSchedule proposers;
  private final SplittableRandom random;

  ByzantineBehaviour(SimNode node, List<String> peers, MessageSigner signer, SigningPayloads payloads,
      ProposerSchedule proposers, SplittableRandom random) {
    this.node = node;
    this.peers = peers;
    this.signer = signer;
    this.payloads = payloads;
    this.proposers = proposers;
    this.random = random;
  }

  List<Send> transform(ConsensusMessage honest) {
    if (honest instanceof Proposal<?> proposal) {
      node.seenIds.add(proposal.blockId());
    }
    List<Send> sends = new ArrayList<>();
    switch (node.strategy) {
      case SILENT -> { }
      case EQUIVOCATE -> split(sends, honest, conflicting(honest));
      case BAD_PROPOSALS -> badProposals(sends, honest);
      case DOUBLE_VOTE -> {
        if (honest instanceof Vote) {
          both(sends, honest, conflicting(honest));
        } else {
          toAll(sends, honest);
        }
      }
      case CHAOS -> chaos(sends, honest);
    }
    return sends;
  }

  /** A forged answer to a catch-up request; every variant must fail certificate verification. */
  SimNode.Commit forgedCommit(SimNode.Commit real) {
    CommitCertificate cert = real.certificate();
    TestValue other = new TestValue(real.value().height(), node.id, cert.round(), random.nextLong(1, Long.MAX_VALUE), true);
    return switch (random.nextInt(3)) {
      // A different value under the real signatures: they do not cover its id.
      case 0 -> new SimNode.Commit(other, new CommitCertificate(cert.height(), cert.round(), other.id(), cert.signatures()));
      // One real signature, repeated to look like a quorum.
      case 1 -> new SimNode.Commit(real.value(), new CommitCertificate(cert.height(), cert.round(), cert.blockId(),
          java.util.Collections.nCopies(cert.signatures().size(), cert.signatures().get(0))));
      // Too few signatures.
      default -> new SimNode.Commit(real.value(), new CommitCertificate(cert.height(), cert.round(), cert.blockId(),
          cert.signatures().subList(0, 1)));
    };
  }

  private void badProposals(List<Send> sends, ConsensusMessage honest) {
    if (honest instanceof Proposal<?> proposal) {
      toAll(sends, invalidProposal(proposal.height(), proposal.round(), proposal.validRound()));
      return;
    }
    toAll(sends, honest);
    if (random.nextBoolean() && !node.id.equals(proposers.proposer(honest.height(), honest.round()))) {
      TestValue mine = new TestValue(honest.height(), node.id, honest.round(), random.nextLong(1, Long.MAX_VALUE), true);
      toAll(sends, proposal(honest.height(), honest.round(), mine, -1, node.id));
    }
  }

  private void chaos(List<Send> sends, ConsensusMessage honest) {
    switch (random.nextInt(9)) {
      case 0 -> toAll(sends, honest);
      case 1 -> { } // silent for this one
      case 2 -> split(sends, honest, conflicting(honest));
      case 3 -> both(sends, honest, conflicting(honest));
      case 4 -> toAll(sends, honest instanceof Vote vote ? vote(vote.type(), vote.height(), vote.round(), anyKnownOrNil()) : honest);
      case 5 -> {
        String victim = peers.get(random.nextInt(peers.size()));
        toAll(sends, honest);
        toAll(sends, underAnotherName(honest, victim));
      }
      case 6 -> {
        toAll(sends, honest);
        int farRound = honest.round() + 1 + random.nextInt(1_000);
        long height = honest.height() + random.nextInt(4);
        toAll(sends, vote(org.carechain.consensus.VoteType.PREVOTE, height, farRound, anyKnownOrNil()));
      }
      case 7 -> {
        toAll(sends, honest);
        toAll(sends, invalidProposal(honest.height(), honest.round(), -1));
      }
      default -> {
        toAll(sends, honest);
        if (honest instanceof Proposal<?> p) {
          TestValue other = new TestValue(p.height(), node.id, p.round(), random.nextLong(1, Long.MAX_VALUE), true);
          // Claims one block id and carries another value.
          toAll(sends, new Proposal<>(p.height(), p.round(), p.blockId(), other, p.validRound(), node.id, p.signature()));
        }
      }
    }
  }

  private ConsensusMessage conflicting(ConsensusMessage honest) {
    if (honest instanceof Vote vote) {
      Hash other = vote.isNil() ? anyKnownOrFresh(null) : (random.nextBoolean() ? null : anyKnownOrFresh(vote.blockId()));
      return vote(vote.type(), vote.height(), vote.round(), other);
    }
    Proposal<?> proposal = (Proposal<?>) honest;
    TestValue other = new TestValue(proposal.height(), node.id, proposal.round(), random.nextLong(1, Long.MAX_VALUE), true);
    node.seenIds.add(other.id());
    return proposal(proposal.height(), proposal.round(), other, proposal.validRound(), node.id);
  }

  private ConsensusMessage invalidProposal(long height, int round, int validRound) {
    long nonce = random.nextLong(1, Long.MAX_VALUE);
    TestValue bad = switch (random.nextInt(4)) {
      case 0 -> new TestValue(height, node.id, round, nonce, false);
      case 1 -> new TestValue(height + 1, node.id, round, nonce, true);
      case 2 -> new TestValue(height, peers.get(random.nextInt(peers.size())), round, nonce, true);
      default -> new TestValue(height, proposers.proposer(height, round + 1), round + 1, nonce, true);
    };
    return proposal(height, round, bad, validRound, node.id);
  }

  private ConsensusMessage underAnotherName(ConsensusMessage honest, String victim) {
    if (honest instanceof Vote vote) {
      return new Vote(vote.type(), vote.height(), vote.round(), vote.blockId(), victim, vote.signature());
    }
    Proposal<?> p = (Proposal<?>) honest;
    return new Proposal<>(p.height(), p.round(), p.blockId(), (TestValue) p.value(), p.validRound(), victim, p.signature());
  }

  private Vote vote(org.carechain.consensus.VoteType type, long height, int round, Hash id) {
    return new Vote(type, height, round, id, node.id, signer.sign(payloads.vote(height, round, type, id, node.id)));
  }

  private Proposal<TestValue> proposal(long height, int round, TestValue value, int validRound, String proposer) {
    return new Proposal<>(height, round, value.id(), value, validRound, proposer,
        signer.sign(payloads.proposal(height, round, value.id(), validRound)));
  }

  private Hash anyKnownOrNil() {
    return random.nextInt(3) == 0 ? null : anyKnownOrFresh(null);
  }

  private Hash anyKnownOrFresh(Hash not) {
    List<Hash> known = node.seenIds.stream().filter(id -> !id.equals(not)).toList();
    if (known.isEmpty() || random.nextInt(4) == 0) {
      byte[] fresh = new byte[Hash.SIZE];
      random.nextBytes(fresh);
      return Hash.of(fresh);
    }
    return known.get(random.nextInt(known.size()));
  }

  private void toAll(List<Send> sends, ConsensusMessage message) {
    for (String peer : peers) {
      sends.add(new Send(peer, message));
    }
  }

  private void split(List<Send> sends, ConsensusMessage a, ConsensusMessage b) {
    for (String peer : peers) {
      sends.add(new Send(peer, random.nextBoolean() ? a : b));
    }
  }

  private void both(List<Send> sends, ConsensusMessage a, ConsensusMessage b) {
    for (String peer : peers) {
      boolean aFirst = random.nextBoolean();
      sends.add(new Send(peer, aFirst ? a : b));
      sends.add(new Send(peer, aFirst ? b : a));
    }
  }
}
