package org.carechain.ledger.core.testing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.CommitSignature;
import org.carechain.consensus.Ed25519MessageSigner;
import org.carechain.consensus.SigningPayloads;
import org.carechain.consensus.VoteType;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.ConsistencyProof;
import org.carechain.crypto.merkle.MerkleLog;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import org.carechain.ledger.core.significance.ItemCatalog;
import org.carechain.ledger.core.verify.CertifiedHeader;
import org.carechain.ledger.core.verify.TransactionProof;

/**
 * A chain of ehr blocks with commit certificates signed by test validators, built from a seed: the
 * same seed always gives the same chain. Keys are derived from member ids, so every chain with the
 * same number of validators shares one genesis, and chains of different seeds are forks of each
 * other. The events are synthetic hashes, never health data.
 */
public final class TestChain {

  public static final String CHAIN_ID = "carechain-test";
  /** Signs like a validator but is not in the genesis. */
  public static final String OUTSIDER = "outsider";

  private static final long GENESIS_TIME = 1_767_225_600_000L;

  private final Genesis genesis;
  private final MerkleLog log = MerkleLog.create();
  private final List<BlockHeader> headers = new ArrayList<>();
  private final List<CommitCertificate> certificates = new ArrayList<>();
  private final List<Transaction> transactions = new ArrayList<>();
  private final Map<Hash, Long> heightOf = new HashMap<>();
  private final long seed;
  private final Random random;

  private TestChain(long seed, int validators) {
    this.seed = seed;
    this.random = new Random(seed);
    this.genesis = genesis(Channel.EHR, CHAIN_ID, validators);
  }

  /** {@code blocks} blocks of 0 to 3 transactions each, at least one transaction in all. */
  public static TestChain build(long seed, int validators, int blocks) {
    TestChain chain = start(seed, validators);
    for (int height = 1; height <= blocks; height++) {
      chain.appendBlock(height == blocks && chain.transactions.isEmpty() ? 1 : chain.random.nextInt(4));
    }
    return chain;
  }

  /** A chain without blocks yet; {@link #appendBlock} adds them. */
  public static TestChain start(long seed, int validators) {
    return new TestChain(seed, validators);
  }

  /** The genesis of a chain with {@code validators} validators named {@code ledger-<i>}. */
  public static Genesis genesis(Channel channel, String chainId, int validators) {
    List<Genesis.Member> members = new ArrayList<>();
    for (int i = 0; i < validators; i++) {
      members.add(new Genesis.Member(validatorId(i), key(validatorId(i)).publicKey()));
    }
    return new Genesis(chainId, channel, GENESIS_TIME, members,
        List.of(new Genesis.Member("capture", key("capture").publicKey())), ProposerPolicyKind.LEAST_SIGNIFICANCE,
        Duration.ofSeconds(600), 1_000_000_000L, Genesis.Timeouts.DEFAULT, 5_000, 8 * 1024 * 1024,
        ItemCatalog.of(Map.of()));
  }

  public static String validatorId(int index) {
    return "ledger-" + index;
  }

  /** The test key of a member: its seed is SHA-256 of the id. */
  public static Ed25519PrivateKey key(String memberId) {
    try {
      return Ed25519PrivateKey.create(Hash.sha256(memberId.getBytes(StandardCharsets.UTF_8)).toByteArray());
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  public Genesis genesis() {
    return genesis;
  }

  public long height() {
    return headers.size();
  }

  public List<Transaction> transactions() {
    return List.copyOf(transactions);
  }

  public BlockHeader header(long height) {
    return headers.get((int) height - 1);
  }

  public CertifiedHeader certified(long height) {
    return new CertifiedHeader(header(height), certificates.get((int) height - 1));
  }

  /** What a node serves for {@code transaction}: the proof into the log head of its block. */
  public TransactionProof proofOf(Transaction transaction) {
    long leafIndex = transactions.indexOf(transaction);
    long height = heightOf.get(transaction.hash());
    BlockHeader header = header(height);
    return new TransactionProof(transaction, height, log.inclusionProof(leafIndex, header.log().size()),
        certified(height));
  }

  /**
   * The consistency proof between the log heads of two blocks, as a node serves it; the empty proof
   * when the first log is empty, since RFC 6962 has no proof from the empty tree.
   */
  public ConsistencyProof consistencyProof(long fromHeight, long toHeight) {
    long size1 = header(fromHeight).log().size();
    long size2 = header(toHeight).log().size();
    return size1 == 0 ? new ConsistencyProof(0, size2, List.of()) : log.consistencyProof(size1, size2);
  }

  /** The consistency proof between two sizes of this chain's log, whether or not a block has them. */
  public ConsistencyProof logConsistencyProof(long size1, long size2) {
    return log.consistencyProof(size1, size2);
  }

  /** A certificate for {@code header} signed by {@code signers}, who may include {@link #OUTSIDER}. */
  public CommitCertificate certify(BlockHeader header, int round, List<String> signers) {
    return certify(SigningPayloads.of(genesis.chainId(), genesis.channel().id()), header, round, signers);
  }

  public static CommitCertificate certify(SigningPayloads payloads, BlockHeader header, int round, List<String> signers) {
    List<CommitSignature> signatures = new ArrayList<>();
    for (String signer : signers) {
      byte[] payload = payloads.vote(header.height(), round, VoteType.PRECOMMIT, header.hash(), signer);
      signatures.add(new CommitSignature(signer, Ed25519MessageSigner.create(key(signer)).sign(payload)));
    }
    signatures.sort(Comparator.comparing(CommitSignature::validator));
    return new CommitCertificate(header.height(), round, header.hash(), signatures);
  }

  /** Commits a block of {@code count} new transactions, certified by a random quorum or more. */
  public TestChain appendBlock(int count) {
    long height = headers.size() + 1;
    List<Transaction> block = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Transaction transaction = transaction("seed-" + seed + "/tx-" + transactions.size());
      block.add(transaction);
      transactions.add(transaction);
      heightOf.put(transaction.hash(), height);
      log.appendLeafHash(transaction.hash());
    }
    Hash previous = headers.isEmpty() ? BlockHeader.NO_PARENT : headers.get(headers.size() - 1).hash();
    BlockHeader header = new BlockHeader(Channel.EHR, height, previous, GENESIS_TIME + 1_000 * height,
        validatorId((int) (height % genesis.validators().size())), Transaction.rootOf(block),
        Hash.sha256(("significance " + height).getBytes(StandardCharsets.UTF_8)), log.treeHead());
    headers.add(header);
    certificates.add(certify(header, random.nextInt(3), quorumOrMore()));
    return this;
  }

  private List<String> quorumOrMore() {
    List<String> ids = new ArrayList<>(genesis.validators().stream().map(Genesis.Member::id).toList());
    Collections.shuffle(ids, random);
    int quorum = 2 * ids.size() / 3 + 1;
    return ids.subList(0, quorum + random.nextInt(ids.size() - quorum + 1));
  }

  private Transaction transaction(String key) {
    if (random.nextBoolean()) {
      byte[] value = new byte[1 + random.nextInt(64)];
      random.nextBytes(value);
      return new Transaction(Channel.EHR, key, new TypedPayload("type.carechain.org/carechain.test.v1.Anchor", value));
    }
    return new Transaction(Channel.EHR, key, new RecordEvent("hospital-" + random.nextInt(3), "Observation",
        randomHash(), randomHash(), RecordEvent.Operation.values()[random.nextInt(3)], randomHash(),
        new byte[] {(byte) random.nextInt(16)}, RecordEvent.SecurityLabel.values()[random.nextInt(6)],
        "0/" + Long.toHexString(random.nextLong() >>> 1), GENESIS_TIME + random.nextInt(1_000_000)));
  }

  private Hash randomHash() {
    byte[] bytes = new byte[Hash.SIZE];
    random.nextBytes(bytes);
    return Hash.of(bytes);
  }
}
