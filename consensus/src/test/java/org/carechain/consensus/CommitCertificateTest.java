package org.carechain.consensus;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Commit certificates with real Ed25519 signatures: a genuine one verifies, every forgery fails. */
class CommitCertificateTest {

  private static final long HEIGHT = 42;
  private static final int ROUND = 3;
  private static final List<String> IDS = List.of("ca-1", "ca-2", "ca-3", "ca-4");

  private final SigningPayloads payloads = SigningPayloads.of("carechain-test", "cbc");
  private final ValidatorSet validators = ValidatorSet.of(IDS);
  private final Hash block = Hash.sha256("block 42".getBytes(StandardCharsets.UTF_8));
  private final Map<String, MessageSigner> signers = new HashMap<>();
  private MessageAuthenticator authenticator;

  @BeforeEach
  void keys() throws InvalidKeyException {
    Map<String, Ed25519PublicKey> publicKeys = new HashMap<>();
    for (String id : List.of("ca-1", "ca-2", "ca-3", "ca-4", "outsider")) {
      Ed25519PrivateKey key = Ed25519PrivateKey.create(Hash.sha256(id.getBytes(StandardCharsets.UTF_8)).toByteArray());
      signers.put(id, Ed25519MessageSigner.create(key));
      if (IDS.contains(id)) {
        publicKeys.put(id, key.publicKey());
      }
    }
    authenticator = Ed25519MessageAuthenticator.create(publicKeys);
  }

  @Test
  void aQuorumOfGenuinePrecommitsVerifies() {
    CommitCertificate certificate = CommitCertificate.of(precommits(List.of("ca-3", "ca-1", "ca-2"), block));
    assertEquals(List.of("ca-1", "ca-2", "ca-3"),
        certificate.signatures().stream().map(CommitSignature::validator).toList(), "sorted by validator");
    assertDoesNotThrow(() -> verify(certificate));
    assertDoesNotThrow(() -> verify(CommitCertificate.of(precommits(IDS, block))));
  }

  @Test
  void tooFewSignaturesAreRejected() {
    CommitCertificate certificate = CommitCertificate.of(precommits(List.of("ca-1", "ca-2"), block));
    assertEquals("2 signers, but 3 of 4 are needed", rejection(certificate));
  }

  @Test
  void aDuplicatedSignerIsRejected() {
    CommitCertificate genuine = CommitCertificate.of(precommits(List.of("ca-1", "ca-2"), block));
    List<CommitSignature> padded = new ArrayList<>(genuine.signatures());
    padded.add(genuine.signatures().get(0));
    assertEquals("signer ca-1 appears twice", rejection(new CommitCertificate(HEIGHT, ROUND, block, padded)));
  }

  @Test
  void signaturesForAnotherBlockAreRejected() {
    Hash other = Hash.sha256("block 42'".getBytes(StandardCharsets.UTF_8));
    CommitCertificate forOther = CommitCertificate.of(precommits(List.of("ca-1", "ca-2", "ca-3"), other));
    assertThrows(InvalidCertificateException.class, () -> verify(forOther), "names another block");
    CommitCertificate relabelled = new CommitCertificate(HEIGHT, ROUND, block, forOther.signatures());
    assertEquals("precommit signature of ca-1 does not verify", rejection(relabelled));
  }

  @Test
  void aWrongHeightOrRoundIsRejected() {
    CommitCertificate genuine = CommitCertificate.of(precommits(List.of("ca-1", "ca-2", "ca-3"), block));
    assertThrows(InvalidCertificateException.class, () -> CommitCertificate.verify(
        validators, payloads, authenticator, HEIGHT + 1, block, genuine));
    CommitCertificate otherRound = new CommitCertificate(HEIGHT, ROUND + 1, block, genuine.signatures());
    assertEquals("precommit signature of ca-1 does not verify", rejection(otherRound));
  }

  @Test
  void aBadSignatureFailsTheCertificateEvenWithAQuorumOfGoodOnes() {
    List<CommitSignature> signatures =
        new ArrayList<>(CommitCertificate.of(precommits(IDS, block)).signatures());
    byte[] flipped = signatures.get(3).signature().toByteArray();
    flipped[10] ^= 1;
    signatures.set(3, new CommitSignature("ca-4", Signature.of(flipped)));
    assertEquals("precommit signature of ca-4 does not verify", rejection(new CommitCertificate(HEIGHT, ROUND, block, signatures)));
  }

  @Test
  void aSignatureFromOutsideTheSetIsRejected() {
    List<Vote> votes = new ArrayList<>(precommits(List.of("ca-1", "ca-2"), block));
    votes.add(precommit("outsider", block));
    assertEquals("signer outsider is not a validator", rejection(CommitCertificate.of(votes)));
  }

  @Test
  void aSignerSigningUnderAnotherNameIsRejected() {
    Vote byCa4 = precommit("ca-4", block);
    List<CommitSignature> signatures = new ArrayList<>(CommitCertificate.of(precommits(List.of("ca-1", "ca-2"), block)).signatures());
    signatures.add(new CommitSignature("ca-3", byCa4.signature()));
    assertEquals("precommit signature of ca-3 does not verify", rejection(new CommitCertificate(HEIGHT, ROUND, block, signatures)));
  }

  @Test
  void theByteEncodingRoundTripsAndRejectsTrailingBytes() {
    CommitCertificate certificate = CommitCertificate.of(precommits(List.of("ca-1", "ca-2", "ca-3"), block));
    assertEquals(certificate, CommitCertificate.fromBytes(certificate.toBytes()));
    byte[] longer = java.util.Arrays.copyOf(certificate.toBytes(), certificate.toBytes().length + 1);
    assertThrows(IllegalArgumentException.class, () -> CommitCertificate.fromBytes(longer));
    assertEquals(certificate.precommits(), precommits(List.of("ca-1", "ca-2", "ca-3"), block));
  }

  @Test
  void onlyPrecommitsForOneBlockMakeACertificate() {
    List<Vote> mixed = new ArrayList<>(precommits(List.of("ca-1", "ca-2"), block));
    mixed.add(precommit("ca-3", null));
    assertThrows(IllegalArgumentException.class, () -> CommitCertificate.of(mixed));
  }

  private List<Vote> precommits(List<String> ids, Hash blockId) {
    return ids.stream().map(id -> precommit(id, blockId)).toList();
  }

  private Vote precommit(String id, Hash blockId) {
    Signature signature = signers.get(id).sign(payloads.vote(HEIGHT, ROUND, VoteType.PRECOMMIT, blockId, id));
    return new Vote(VoteType.PRECOMMIT, HEIGHT, ROUND, blockId, id, signature);
  }

  private void verify(CommitCertificate certificate) throws InvalidCertificateException {
    CommitCertificate.verify(validators, payloads, authenticator, HEIGHT, block, certificate);
  }

  private String rejection(CommitCertificate certificate) {
    return assertThrows(InvalidCertificateException.class, () -> verify(certificate)).getMessage();
  }
}
