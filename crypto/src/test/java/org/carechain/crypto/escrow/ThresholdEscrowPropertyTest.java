package org.carechain.crypto.escrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded properties over random dealings with k ≤ n ≤ 7: every k-subset of officers opens a link
 * tag and an identity envelope; every (k−1)-subset is refused; and k−1 good partials plus a forged
 * one are refused by the proof check, naming the forger.
 */
class ThresholdEscrowPropertyTest {

  /** 24 seeded random dealings, then the edges: k = 1, k = n, and the largest n. */
  static Stream<Arguments> dealings() {
    SplittableRandom sizes = new SplittableRandom(2024);
    Stream<Arguments> random = LongStream.rangeClosed(1, 24).mapToObj(seed -> {
      int officers = 1 + sizes.nextInt(7);
      return Arguments.of(seed, 1 + sizes.nextInt(officers), officers);
    });
    Stream<Arguments> edges = Stream.of(Arguments.of(101L, 1, 1), Arguments.of(102L, 1, 7),
        Arguments.of(103L, 7, 7), Arguments.of(104L, 4, 7), Arguments.of(105L, 2, 7));
    return Stream.concat(random, edges);
  }

  @ParameterizedTest(name = "seed {0}: {1} of {2}")
  @MethodSource("dealings")
  void anyKOfNOpenAndFewerAreRefused(long seed, int threshold, int officers)
      throws GeneralSecurityException {
    SplittableRandom choices = new SplittableRandom(seed);
    SeededSecureRandom random = new SeededSecureRandom(seed * 1000);
    String context = "seed " + seed + ", " + threshold + " of " + officers;
    EscrowDealing dealing = choices.nextBoolean()
        ? ThresholdEscrow.dealFreshKey(threshold, officers, random)
        : ThresholdEscrow.deal(EscrowKeyPair.generate(random), threshold, officers, random);
    EscrowVerificationKeys keys =
        EscrowVerificationKeys.parse(dealing.verificationKeys().toByteArray());
    for (EscrowKeyShare share : dealing.shares()) {
      ThresholdEscrow.checkShare(EscrowKeyShare.parse(share.toByteArray()), keys);
    }

    byte[] rid = new byte[1 + choices.nextInt(EscrowCipher.MAX_RID_SIZE)];
    random.nextBytes(rid);
    byte[] tag = EscrowCipher.linkTag(dealing.escrowKey(), rid, random);
    byte[] identity = new byte[1 + choices.nextInt(200)];
    random.nextBytes(identity);
    IdentityEnvelope envelope = IdentityEnvelope.seal(identity, dealing.escrowKey(), random);

    List<PartialDecryption> tagPartials = new ArrayList<>();
    List<PartialDecryption> envelopePartials = new ArrayList<>();
    for (EscrowKeyShare share : dealing.shares()) {
      // Through the wire encoding, as the combiner receives them.
      tagPartials.add(PartialDecryption.parse(
          ThresholdEscrow.partial(share, EscrowCipher.encapsulatedKey(tag)).toByteArray()));
      envelopePartials.add(PartialDecryption.parse(
          ThresholdEscrow.partial(share, envelope.encapsulatedKey()).toByteArray()));
    }

    for (int mask = 0; mask < (1 << officers); mask++) {
      List<PartialDecryption> forTag = subset(tagPartials, mask, choices);
      List<PartialDecryption> forEnvelope = subset(envelopePartials, mask, choices);
      String what = context + ", officers " + indices(forTag);
      if (forTag.size() == threshold) {
        assertArrayEquals(rid, ThresholdEscrow.openLinkTag(forTag, keys, tag), what);
        assertArrayEquals(identity, ThresholdEscrow.openIdentity(forEnvelope, keys, envelope), what);
      } else if (forTag.size() == threshold - 1) {
        assertThrows(InvalidSharesException.class,
            () -> ThresholdEscrow.openLinkTag(forTag, keys, tag), what);
        assertThrows(InvalidSharesException.class,
            () -> ThresholdEscrow.openIdentity(forEnvelope, keys, envelope), what);

        int forger = 1 + choices.nextInt(officers);
        while ((mask & (1 << (forger - 1))) != 0) {
          forger = 1 + choices.nextInt(officers);
        }
        EscrowKeyShare forgedShare = EscrowKeyShare.create(forger, threshold, dealing.escrowKey(),
            Curve25519Group.randomNonzeroScalar(random));
        List<PartialDecryption> forced = new ArrayList<>(forTag);
        forced.add(choices.nextInt(forced.size() + 1),
            ThresholdEscrow.partial(forgedShare, EscrowCipher.encapsulatedKey(tag)));
        InvalidPartialDecryptionException refused = assertThrows(
            InvalidPartialDecryptionException.class,
            () -> ThresholdEscrow.openLinkTag(forced, keys, tag), what + " + forged " + forger);
        assertEquals(forger, refused.index(), what);
      }
    }
  }

  /** The partials of the officers in {@code mask}, shuffled so that order never matters. */
  private static List<PartialDecryption> subset(
      List<PartialDecryption> all, int mask, SplittableRandom choices) {
    List<PartialDecryption> chosen = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if ((mask & (1 << i)) != 0) {
        chosen.add(all.get(i));
      }
    }
    for (int i = chosen.size() - 1; i > 0; i--) {
      int j = choices.nextInt(i + 1);
      PartialDecryption swap = chosen.get(i);
      chosen.set(i, chosen.get(j));
      chosen.set(j, swap);
    }
    return chosen;
  }

  private static List<Integer> indices(List<PartialDecryption> partials) {
    return partials.stream().map(PartialDecryption::index).toList();
  }
}
