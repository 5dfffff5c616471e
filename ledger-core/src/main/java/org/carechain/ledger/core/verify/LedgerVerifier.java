package org.carechain.ledger.core.verify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.Ed25519MessageAuthenticator;
import org.carechain.consensus.InvalidCertificateException;
import org.carechain.consensus.MessageAuthenticator;
import org.carechain.consensus.SigningPayloads;
import org.carechain.consensus.ValidatorSet;
import org.carechain.crypto.merkle.ConsistencyProof;
import org.carechain.crypto.merkle.ProofVerificationException;
import org.carechain.crypto.merkle.ProofVerifier;
import org.carechain.crypto.merkle.Rfc6962Hasher;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.genesis.Genesis;

/**
 * Checks what a ledger node serves against one channel's genesis, and nothing else: the validator
 * keys, the chain id and the channel. Each method returns normally only if everything verifies,
 * and otherwise throws a {@link VerificationException} naming the first check that failed.
 *
 * <p>The checks run in the order of {@link #TRANSACTION_CHECKS} and {@link #CONSISTENCY_CHECKS}:
 * from the trust anchor outwards, so the first failure is the one to fix. Thread-safe.
 */
public final class LedgerVerifier {

  /** The checks of {@link #verifyTransaction}, in the order they run. */
  public static final List<Check> TRANSACTION_CHECKS = List.of(
      Check.CHANNEL, Check.REQUESTED, Check.BLOCK_ID, Check.SIGNATURES, Check.PROOF_TARGET, Check.INCLUSION);

  /** The checks of {@link #verifyConsistency}, in the order they run. */
  public static final List<Check> CONSISTENCY_CHECKS = List.of(
      Check.CHANNEL, Check.BLOCK_ID, Check.SIGNATURES, Check.HEIGHT_ORDER, Check.CONSISTENCY);

  private final Channel channel;
  private final ValidatorSet validators;
  private final SigningPayloads payloads;
  private final MessageAuthenticator authenticator;

  private LedgerVerifier(Genesis genesis) {
    Map<String, Ed25519PublicKey> keys = new LinkedHashMap<>();
    genesis.validators().forEach(member -> keys.put(member.id(), member.publicKey()));
    this.channel = genesis.channel();
    this.validators = ValidatorSet.of(List.copyOf(keys.keySet()));
    this.payloads = SigningPayloads.of(genesis.chainId(), genesis.channel().id());
    this.authenticator = Ed25519MessageAuthenticator.create(keys);
  }

  public static LedgerVerifier forGenesis(Genesis genesis) {
    return new LedgerVerifier(Objects.requireNonNull(genesis, "genesis"));
  }

  /**
   * Checks that {@code proof} shows the transaction {@code asked} names committed: the block
   * header is certified by the genesis validators, and the transaction's leaf hash is in the log
   * head of that header.
   */
  public void verifyTransaction(TransactionQuery asked, TransactionProof proof) throws VerificationException {
    requireChannel(proof.transaction().channel(), "the transaction");
    if (!asked.matches(proof.transaction())) {
      throw new VerificationException(Check.REQUESTED, asked.mismatch(proof.transaction()));
    }
    verifyCertified(proof.block());
    requireProofTarget(proof);
    try {
      ProofVerifier.verifyInclusion(proof.inclusion(), proof.transaction().hash(), proof.block().header().log());
    } catch (ProofVerificationException e) {
      throw new VerificationException(Check.INCLUSION, e.getMessage());
    }
  }

  /**
   * Checks that more than 2/3 of the genesis validators signed {@code block}'s header: the
   * {@link Check#CHANNEL}, {@link Check#BLOCK_ID} and {@link Check#SIGNATURES} steps.
   */
  public void verifyCertified(CertifiedHeader block) throws VerificationException {
    BlockHeader header = block.header();
    CommitCertificate certificate = block.certificate();
    requireChannel(header.channel(), "block " + header.height());
    if (certificate.height() != header.height() || !certificate.blockId().equals(header.hash())) {
      throw new VerificationException(Check.BLOCK_ID, "the commit certificate is for block " + certificate.blockId()
          + " at height " + certificate.height() + ", but the header at height " + header.height()
          + " hashes to " + header.hash());
    }
    try {
      CommitCertificate.verify(validators, payloads, authenticator, header.height(), header.hash(), certificate);
    } catch (InvalidCertificateException e) {
      throw new VerificationException(Check.SIGNATURES, "block " + header.height() + ": " + e.getMessage());
    }
  }

  /**
   * Checks that the log of {@code second} extends the log of {@code first}: both headers certified,
   * {@code first} not above {@code second}, then {@code proof} between their log heads.
   *
   * <p>Blocks without transactions can leave the log empty; an empty log is a prefix of every log,
   * so it needs an empty proof and no more (RFC 6962 has no proof from the empty tree).
   */
  public void verifyConsistency(CertifiedHeader first, CertifiedHeader second, ConsistencyProof proof)
      throws VerificationException {
    requireChannel(first.header().channel(), "block " + first.height());
    requireChannel(second.header().channel(), "block " + second.height());
    verifyCertified(first);
    verifyCertified(second);
    requireHeightOrder(first.header(), second.header());
    try {
      verifyLogExtends(first.header().log(), second.header().log(), proof);
    } catch (ProofVerificationException e) {
      throw new VerificationException(Check.CONSISTENCY, e.getMessage());
    }
  }

  private void requireChannel(Channel actual, String what) throws VerificationException {
    if (actual != channel) {
      throw new VerificationException(Check.CHANNEL,
          what + " is on channel " + actual.id() + ", the genesis is for channel " + channel.id());
    }
  }

  private static void requireProofTarget(TransactionProof proof) throws VerificationException {
    BlockHeader header = proof.block().header();
    if (proof.height() != header.height()) {
      throw new VerificationException(Check.PROOF_TARGET,
          "the response names height " + proof.height() + ", but its header is at height " + header.height());
    }
    if (proof.inclusion().treeSize() != header.log().size()) {
      throw new VerificationException(Check.PROOF_TARGET, "the proof is for a log of " + proof.inclusion().treeSize()
          + " transactions, but block " + header.height() + " has " + header.log().size());
    }
  }

  private static void requireHeightOrder(BlockHeader first, BlockHeader second) throws VerificationException {
    if (first.height() > second.height()) {
      throw new VerificationException(Check.HEIGHT_ORDER,
          "the first block is at height " + first.height() + ", above the second at " + second.height());
    }
    if (first.height() == second.height() && !first.hash().equals(second.hash())) {
      // Both certified yet different: the validators signed two blocks at one height.
      throw new VerificationException(Check.HEIGHT_ORDER, "two different certified blocks at height "
          + first.height() + ": " + first.hash() + " and " + second.hash());
    }
  }

  private static void verifyLogExtends(TreeHead older, TreeHead newer, ConsistencyProof proof)
      throws ProofVerificationException {
    if (older.size() != 0) {
      ProofVerifier.verifyConsistency(proof, older, newer);
      return;
    }
    if (!older.root().equals(Rfc6962Hasher.EMPTY_ROOT)) {
      throw new ProofVerificationException("the first log is empty, but its root is not the empty tree's root");
    }
    if (proof.size1() != 0 || proof.size2() != newer.size() || !proof.path().isEmpty()) {
      throw new ProofVerificationException(
          "the first log is empty, so the proof must be empty and for sizes 0 -> " + newer.size());
    }
  }
}
