package org.carechain.ehr.exchange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.SigningPayloads;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.MerkleLog;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.testing.TestChain;
import org.carechain.ledger.core.verify.CertifiedHeader;
import org.carechain.ledger.core.verify.LedgerVerifier;
import org.carechain.ledger.core.verify.TransactionProof;

/**
 * An ehr chain whose blocks hold the transactions a test chooses, certified by the test validators
 * of {@link TestChain} (keys from member ids), so its proofs verify against
 * {@code TestChain.genesis(EHR, chainId, n)} exactly as a ledger node's would.
 */
final class EvidenceLedger {

  private static final long START_MILLIS = 1_767_225_600_000L;

  private final Genesis genesis;
  private final SigningPayloads payloads;
  private final MerkleLog log = MerkleLog.create();
  private final List<BlockHeader> headers = new ArrayList<>();
  private final List<CommitCertificate> certificates = new ArrayList<>();
  private final List<Hash> leaves = new ArrayList<>();
  private final Map<Hash, Long> heightOf = new HashMap<>();

  EvidenceLedger(String chainId, int validators) {
    this.genesis = TestChain.genesis(Channel.EHR, chainId, validators);
    this.payloads = SigningPayloads.of(chainId, Channel.EHR.id());
  }

  EvidenceLedger() {
    this(TestChain.CHAIN_ID, 4);
  }

  Genesis genesis() {
    return genesis;
  }

  LedgerVerifier verifier() {
    return LedgerVerifier.forGenesis(genesis);
  }

  /** Commits one block of {@code transactions}, signed by every validator. */
  EvidenceLedger commit(Transaction... transactions) {
    long height = headers.size() + 1;
    for (Transaction transaction : transactions) {
      leaves.add(transaction.hash());
      log.appendLeafHash(transaction.hash());
      heightOf.put(transaction.hash(), height);
    }
    Hash previous = headers.isEmpty() ? BlockHeader.NO_PARENT : headers.get(headers.size() - 1).hash();
    BlockHeader header = new BlockHeader(Channel.EHR, height, previous, START_MILLIS + 1_000 * height,
        TestChain.validatorId(0), Transaction.rootOf(List.of(transactions)), Hash.sha256(new byte[] {(byte) height}),
        log.treeHead());
    headers.add(header);
    certificates.add(certify(header, allValidators()));
    return this;
  }

  /** What a node serves for a committed transaction. */
  TransactionProof proofOf(Transaction transaction) {
    long height = heightOf.get(transaction.hash());
    BlockHeader header = headers.get((int) height - 1);
    return new TransactionProof(transaction, height,
        log.inclusionProof(leaves.indexOf(transaction.hash()), header.log().size()),
        new CertifiedHeader(header, certificates.get((int) height - 1)));
  }

  /** A certificate for {@code header} signed by {@code signers}, who may include outsiders. */
  CommitCertificate certify(BlockHeader header, List<String> signers) {
    return TestChain.certify(payloads, header, 0, signers);
  }

  List<String> allValidators() {
    return genesis.validators().stream().map(Genesis.Member::id).toList();
  }
}
