package org.carechain.consensus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.carechain.crypto.CanonicalDecoder;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;

/**
 * Precommits of more than 2/3 of the validators for {@code blockId} at (height, round): the proof
 * that the block was decided. Only the signatures are kept, since the rest of each precommit is
 * the same for all of them and is rebuilt by {@link #precommits()}.
 */
public record CommitCertificate(long height, int round, Hash blockId, List<CommitSignature> signatures) {

  private static final String DOMAIN = "carechain/consensus/commit-certificate/v1";

  public CommitCertificate {
    Objects.requireNonNull(blockId, "blockId");
    signatures = List.copyOf(signatures);
    if (height < 0 || round < 0) {
      throw new IllegalArgumentException("height and round are >= 0");
    }
  }

  /**
   * The certificate made of {@code precommits}, ordered by validator id so that every validator
   * builds the same bytes from the same votes.
   *
   * @throws IllegalArgumentException if they are not all precommits for one block at one slot
   */
  public static CommitCertificate of(List<Vote> precommits) {
    if (precommits.isEmpty()) {
      throw new IllegalArgumentException("a certificate has precommits");
    }
    Vote first = precommits.get(0);
    List<CommitSignature> signatures = new ArrayList<>();
    for (Vote vote : precommits) {
      if (vote.type() != VoteType.PRECOMMIT || vote.height() != first.height() || vote.round() != first.round()
          || vote.isNil() || !vote.blockId().equals(first.blockId())) {
        throw new IllegalArgumentException("not a precommit for the same block and slot: " + vote);
      }
      signatures.add(new CommitSignature(vote.validator(), vote.signature()));
    }
    signatures.sort(Comparator.comparing(CommitSignature::validator));
    return new CommitCertificate(first.height(), first.round(), first.blockId(), signatures);
  }

  /** The precommit votes this certificate stands for. */
  public List<Vote> precommits() {
    List<Vote> votes = new ArrayList<>(signatures.size());
    for (CommitSignature s : signatures) {
      votes.add(new Vote(VoteType.PRECOMMIT, height, round, blockId, s.validator(), s.signature()));
    }
    return votes;
  }

  /**
   * Checks that {@code certificate} proves {@code blockId} decided at {@code height}: more than 2/3
   * of {@code validators}, each once, each with an authentic precommit for exactly that block,
   * height and the certificate's round. Any bad signature fails the whole certificate, even if the
   * good ones would be enough, so that a stored certificate is clean.
   *
   * @throws InvalidCertificateException naming the first problem found
   */
  public static void verify(
      ValidatorSet validators,
      SigningPayloads payloads,
      MessageAuthenticator authenticator,
      long height,
      Hash blockId,
      CommitCertificate certificate)
      throws InvalidCertificateException {
    Objects.requireNonNull(certificate, "certificate");
    if (certificate.height() != height) {
      throw new InvalidCertificateException(
          "certificate is for height " + certificate.height() + ", expected " + height);
    }
    if (!certificate.blockId().equals(blockId)) {
      throw new InvalidCertificateException(
          "certificate is for block " + certificate.blockId() + ", expected " + blockId);
    }
    Set<String> signers = new HashSet<>();
    for (CommitSignature signature : certificate.signatures()) {
      if (!validators.contains(signature.validator())) {
        throw new InvalidCertificateException("signer " + signature.validator() + " is not a validator");
      }
      if (!signers.add(signature.validator())) {
        throw new InvalidCertificateException("signer " + signature.validator() + " appears twice");
      }
    }
    if (signers.size() < validators.quorum()) {
      throw new InvalidCertificateException(
          signers.size() + " signers, but " + validators.quorum() + " of " + validators.size() + " are needed");
    }
    // Signatures last: they are the expensive check, and a malformed certificate fails without them.
    for (CommitSignature signature : certificate.signatures()) {
      byte[] payload =
          payloads.vote(height, certificate.round(), VoteType.PRECOMMIT, blockId, signature.validator());
      if (!authenticator.isAuthentic(signature.validator(), payload, signature.signature())) {
        throw new InvalidCertificateException(
            "precommit signature of " + signature.validator() + " does not verify");
      }
    }
  }

  /** The canonical bytes of this certificate; {@link #fromBytes} reads them back. */
  public byte[] toBytes() {
    CanonicalEncoder out =
        CanonicalEncoder.forDomain(DOMAIN).writeInt64(height).writeInt32(round).writeHash(blockId);
    out.writeCount(signatures.size());
    for (CommitSignature s : signatures) {
      out.writeString(s.validator()).writeBytes(s.signature().toByteArray());
    }
    return out.toByteArray();
  }

  /** @throws IllegalArgumentException if {@code bytes} is not what {@link #toBytes} writes */
  public static CommitCertificate fromBytes(byte[] bytes) {
    CanonicalDecoder in = CanonicalDecoder.forDomain(DOMAIN, bytes);
    long height = in.readInt64();
    int round = in.readInt32();
    Hash blockId = in.readHash();
    int count = in.readCount();
    List<CommitSignature> signatures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      signatures.add(new CommitSignature(in.readString(), Signature.of(in.readBytes())));
    }
    in.finish();
    return new CommitCertificate(height, round, blockId, signatures);
  }
}
