package org.carechain.ledger.core.verify;

import static org.carechain.ledger.core.verify.VerifierAssertions.assertFailsAt;
import static org.carechain.ledger.core.verify.VerifierAssertions.assertVerifies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.CommitSignature;
import org.carechain.consensus.Signature;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.testing.TestChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A block header is certified only by valid precommits of more than 2/3 of the genesis validators. */
class CertificateVerificationTest {

  @ParameterizedTest(name = "{0} validators")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13})
  void moreThanTwoThirdsOfTheValidatorsCertifyAndNoFewer(int validators) {
    TestChain chain = TestChain.build(validators, validators, 2);
    LedgerVerifier verifier = LedgerVerifier.forGenesis(chain.genesis());
    BlockHeader header = chain.header(1);
    int quorum = 2 * validators / 3 + 1;
    assertTrue(3 * quorum > 2 * validators && 3 * (quorum - 1) <= 2 * validators, "quorum is the least > 2/3");

    CertifiedHeader enough = new CertifiedHeader(header, chain.certify(header, 0, firstValidators(quorum)));
    assertVerifies(() -> verifier.verifyCertified(enough), quorum + " of " + validators);
    CertifiedHeader tooFew = new CertifiedHeader(header, chain.certify(header, 0, firstValidators(quorum - 1)));
    VerificationException failure =
        assertFailsAt(Check.SIGNATURES, () -> verifier.verifyCertified(tooFew), (quorum - 1) + " of " + validators);
    assertEquals("block 1: " + (quorum - 1) + " signers, but " + quorum + " of " + validators + " are needed",
        failure.reason());
  }

  @ParameterizedTest(name = "{0} validators")
  @ValueSource(ints = {3, 6, 9, 30})
  void exactlyTwoThirdsIsNotEnough(int validators) {
    TestChain chain = TestChain.build(validators, validators, 1);
    BlockHeader header = chain.header(1);
    CertifiedHeader twoThirds =
        new CertifiedHeader(header, chain.certify(header, 1, firstValidators(2 * validators / 3)));
    assertFailsAt(Check.SIGNATURES, () -> LedgerVerifier.forGenesis(chain.genesis()).verifyCertified(twoThirds),
        "exactly 2/3");
  }

  @Test
  void aSignatureByANonValidatorIsRejected() {
    TestChain chain = TestChain.build(3, 4, 2);
    BlockHeader header = chain.header(1);
    List<String> signers = new ArrayList<>(firstValidators(3));
    signers.add(TestChain.OUTSIDER);
    CertifiedHeader withOutsider = new CertifiedHeader(header, chain.certify(header, 0, signers));
    VerificationException failure = assertFailsAt(Check.SIGNATURES,
        () -> LedgerVerifier.forGenesis(chain.genesis()).verifyCertified(withOutsider), "outsider");
    assertEquals("block 1: signer outsider is not a validator", failure.reason());
  }

  @Test
  void aNonValidatorSigningUnderAValidatorsNameIsRejected() {
    TestChain chain = TestChain.build(4, 4, 2);
    BlockHeader header = chain.header(1);
    CommitCertificate genuine = chain.certify(header, 0, firstValidators(3));
    CommitSignature byOutsider = chain.certify(header, 0, List.of(TestChain.OUTSIDER)).signatures().get(0);
    List<CommitSignature> signatures = new ArrayList<>(genuine.signatures());
    signatures.set(2, new CommitSignature(signatures.get(2).validator(), byOutsider.signature()));
    CertifiedHeader forged = new CertifiedHeader(header, new CommitCertificate(1, 0, header.hash(), signatures));
    assertFailsAt(Check.SIGNATURES, () -> LedgerVerifier.forGenesis(chain.genesis()).verifyCertified(forged),
        "outsider's signature under a validator's name");
  }

  @Test
  void everySingleBitFlipInAnySignatureIsRejected() {
    TestChain chain = TestChain.build(5, 4, 1);
    LedgerVerifier verifier = LedgerVerifier.forGenesis(chain.genesis());
    CommitCertificate genuine = chain.certified(1).certificate();
    for (int i = 0; i < genuine.signatures().size(); i++) {
      for (int bit = 0; bit < 8 * 64; bit += 7) {
        List<CommitSignature> signatures = new ArrayList<>(genuine.signatures());
        byte[] bytes = signatures.get(i).signature().toByteArray();
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        signatures.set(i, new CommitSignature(signatures.get(i).validator(), Signature.of(bytes)));
        CertifiedHeader forged = new CertifiedHeader(chain.header(1),
            new CommitCertificate(genuine.height(), genuine.round(), genuine.blockId(), signatures));
        assertFailsAt(Check.SIGNATURES, () -> verifier.verifyCertified(forged), "signature " + i + " bit " + bit);
      }
    }
  }

  @Test
  void aCertificateOfAnotherRoundOrPaddedWithARepeatedSignerIsRejected() {
    TestChain chain = TestChain.build(6, 4, 1);
    LedgerVerifier verifier = LedgerVerifier.forGenesis(chain.genesis());
    BlockHeader header = chain.header(1);
    CommitCertificate genuine = chain.certify(header, 0, firstValidators(3));
    CertifiedHeader otherRound = new CertifiedHeader(header,
        new CommitCertificate(1, 1, header.hash(), genuine.signatures()));
    assertFailsAt(Check.SIGNATURES, () -> verifier.verifyCertified(otherRound), "round");
    List<CommitSignature> padded = new ArrayList<>(chain.certify(header, 0, firstValidators(2)).signatures());
    padded.add(padded.get(0));
    CertifiedHeader repeated = new CertifiedHeader(header, new CommitCertificate(1, 0, header.hash(), padded));
    assertFailsAt(Check.SIGNATURES, () -> verifier.verifyCertified(repeated), "repeated signer");
  }

  private static List<String> firstValidators(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(TestChain.validatorId(i));
    }
    return ids;
  }
}
