package org.carechain.crypto.escrow;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Threshold decryption for the escrow key: k of n CA officers together open a link tag or an
 * identity envelope, and the escrow private key is never rebuilt to do it.
 *
 * <p>The X25519 private key is the scalar d = clamp(sk), and X25519(sk, E) is the u-coordinate of
 * d·E. Because d is a multiple of the cofactor 8, d·E depends only on E's component in the
 * prime-order subgroup, and there d·E = (d mod ℓ)·E. The dealer therefore shares s = d mod ℓ with
 * Shamir's scheme (1979) over Z<sub>ℓ</sub>: a random polynomial f of degree k − 1 with f(0) = s,
 * officer i holding f(i) ({@link EscrowKeyShare}) and publishing V<sub>i</sub> = f(i)·B ({@link
 * EscrowVerificationKeys}). To open a message with encapsulated key E, each approving officer
 * computes D<sub>i</sub> = f(i)·E with a Chaum-Pedersen proof ({@link #partial}); the combiner
 * checks each proof against V<sub>i</sub> and interpolates in the exponent, Σ λ<sub>i</sub>
 * D<sub>i</sub> = f(0)·E = s·E ({@link #combine}), whose u-coordinate is exactly X25519(sk, E).
 * That is the DHKEM shared secret's input; {@link EscrowCipher#openLinkTagWithSharedSecret} and
 * {@link IdentityEnvelope#openWithSharedSecret} finish the HPKE decryption from it. This is the
 * threshold ElGamal-style decryption of Shoup and Gennaro, with the per-message point E in place of
 * an ElGamal ciphertext's first half.
 *
 * <p>What each party learns: an officer's share is one point of a random polynomial, so any k − 1
 * shares on their own are consistent with every s; the verification keys are public, so with them
 * the guarantee becomes computational (finding s is a discrete logarithm on Curve25519). A partial
 * decryption and its proof reveal nothing more about the share (the proof is zero-knowledge in the
 * random-oracle model). The combiner learns the shared secret of the message it was given partials
 * for; for any other message it is left with HPKE's own assumption (gap Diffie-Hellman). Each
 * partial is in effect one use of the decryption key on an officer-approved enc, which is why
 * officers must compute them only for traces approved on chain. The private key is whole only where it is created: inside
 * {@link #dealFreshKey}, or wherever an existing {@link EscrowKeyPair} given to {@link #deal} has
 * lived. Tracing never reconstructs it.
 *
 * <p>Checking the dealer: {@link EscrowVerificationKeys#parse} refuses keys that are not one
 * k-of-n sharing of the escrow key, and each officer checks its own share against them on receipt
 * with {@link #checkShare} (Feldman-style verifiable sharing, with the verification keys as the
 * commitments).
 *
 * <p>Not covered: shares are not refreshed over time (proactive sharing), and BouncyCastle's
 * Weierstrass arithmetic used here is not constant-time, so an officer's machine should compute
 * partials only for approved traces, not as an open service.
 */
public final class ThresholdEscrow {

  private ThresholdEscrow() {}

  /**
   * Shares an existing escrow key among {@code officers} officers, any {@code threshold} of whom
   * can open messages for it. For moving a key made before threshold decryption existed; the
   * caller should destroy every copy of {@code keyPair} afterwards.
   *
   * @throws IllegalArgumentException unless 1 ≤ threshold ≤ officers ≤ 255
   */
  public static EscrowDealing deal(
      EscrowKeyPair keyPair, int threshold, int officers, SecureRandom random) {
    Objects.requireNonNull(keyPair, "keyPair");
    return deal(keyPair.scalarModOrder(), keyPair.publicKey(), threshold, officers, random);
  }

  /**
   * Makes a new escrow key and shares it among {@code officers} officers, any {@code threshold} of
   * whom can open messages for it. The escrow scalar is drawn uniformly from 1..ℓ−1 and exists only
   * inside this call (as an immutable {@link BigInteger}, which cannot be wiped; run the ceremony on
   * a machine that is discarded or wiped afterwards). The public key is a point of the prime-order
   * subgroup, to which {@link EscrowCipher} encrypts like any X25519 key.
   *
   * @throws IllegalArgumentException unless 1 ≤ threshold ≤ officers ≤ 255
   */
  public static EscrowDealing dealFreshKey(int threshold, int officers, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    checkCounts(threshold, officers);
    BigInteger secret = Curve25519Group.randomNonzeroScalar(random);
    EscrowPublicKey escrowKey;
    try {
      escrowKey = EscrowPublicKey.create(Curve25519Group.uCoordinate(
          Curve25519Group.multiply(Curve25519Group.base(), secret)));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("a multiple of the base point is not a valid X25519 key", e);
    }
    return deal(secret, escrowKey, threshold, officers, random);
  }

  private static EscrowDealing deal(BigInteger secret, EscrowPublicKey escrowKey, int threshold,
      int officers, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    checkCounts(threshold, officers);
    if (!Arrays.equals(escrowKey.toByteArray(), Curve25519Group.uCoordinate(
        Curve25519Group.multiply(Curve25519Group.base(), secret)))) {
      throw new IllegalStateException("the escrow scalar does not match its public key");
    }
    BigInteger[] polynomial = new BigInteger[threshold];
    polynomial[0] = secret;
    BigInteger[] values = new BigInteger[officers];
    boolean anyZero;
    do {
      // A zero share would have the identity as its verification key, which has no encoding;
      // redrawing changes the distribution by less than n·2^-252.
      for (int j = 1; j < threshold; j++) {
        polynomial[j] = Curve25519Group.randomScalar(random);
      }
      anyZero = false;
      for (int i = 1; i <= officers; i++) {
        values[i - 1] = Lagrange.evaluate(polynomial, i);
        anyZero |= values[i - 1].signum() == 0;
      }
    } while (anyZero);
    List<EscrowKeyShare> shares = new ArrayList<>(officers);
    List<ECPoint> verificationKeys = new ArrayList<>(officers);
    for (int i = 1; i <= officers; i++) {
      EscrowKeyShare share = EscrowKeyShare.create(i, threshold, escrowKey, values[i - 1]);
      shares.add(share);
      verificationKeys.add(share.verificationKey());
    }
    return new EscrowDealing(
        EscrowVerificationKeys.ofDealing(escrowKey, threshold, verificationKeys), shares);
  }

  private static void checkCounts(int threshold, int officers) {
    if (threshold < 1 || threshold > officers || officers > EscrowKeyShare.MAX_OFFICERS) {
      throw new IllegalArgumentException("need 1 <= threshold <= officers <= "
          + EscrowKeyShare.MAX_OFFICERS + ", got threshold " + threshold + " and officers "
          + officers);
    }
  }

  /**
   * An officer's check of the share it received: that it belongs to the dealing of {@code keys}
   * and is the one behind that officer's published verification key.
   *
   * @throws InvalidSharesException if the share is for another escrow key or threshold, its index
   *     names no officer of the dealing, or its value does not match the verification key
   */
  public static void checkShare(EscrowKeyShare share, EscrowVerificationKeys keys)
      throws InvalidSharesException {
    Objects.requireNonNull(share, "share");
    Objects.requireNonNull(keys, "keys");
    if (!share.escrowKey().equals(keys.escrowKey()) || share.threshold() != keys.threshold()) {
      throw new InvalidSharesException("key share " + share.index()
          + " is not from the dealing of escrow key " + keys.escrowKey().keyId() + " with threshold "
          + keys.threshold());
    }
    if (share.index() > keys.officerCount()) {
      throw new InvalidSharesException("key share " + share.index() + " names no officer: the"
          + " dealing has officers 1.." + keys.officerCount());
    }
    if (!share.verificationKey().equals(keys.point(share.index()))) {
      throw new InvalidSharesException(
          "key share " + share.index() + " does not match its published verification key");
    }
  }

  /**
   * An officer's partial decryption of the message with encapsulated key {@code enc} (from {@link
   * EscrowCipher#encapsulatedKey} or {@link IdentityEnvelope#encapsulatedKey()}), to send to the
   * combiner once the trace is approved. Deterministic: the same share and enc give the same bytes.
   *
   * @throws InvalidKeyException if {@code enc} is not 32 bytes, not a point of Curve25519 (a point
   *     of its twist), or a low-order point: no honest sender makes such an enc
   */
  public static PartialDecryption partial(EscrowKeyShare share, byte[] enc)
      throws InvalidKeyException {
    Objects.requireNonNull(share, "share");
    Objects.requireNonNull(enc, "enc");
    return EqualLogProof.prove(share, enc, Curve25519Group.encapsulatedKeyPoint(enc));
  }

  /**
   * Checks one partial decryption as it arrives.
   *
   * @throws InvalidPartialDecryptionException if its index names no officer of {@code keys}, or
   *     its proof does not show it was made with that officer's share for this {@code enc}
   * @throws InvalidKeyException if {@code enc} is not a valid encapsulated key (see {@link
   *     #partial})
   */
  public static void verify(PartialDecryption partial, EscrowVerificationKeys keys, byte[] enc)
      throws InvalidPartialDecryptionException, InvalidKeyException {
    Objects.requireNonNull(partial, "partial");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(enc, "enc");
    verify(partial, keys, enc, Curve25519Group.encapsulatedKeyPoint(enc));
  }

  private static void verify(PartialDecryption partial, EscrowVerificationKeys keys, byte[] enc,
      ECPoint encPoint) throws InvalidPartialDecryptionException {
    if (partial.index() > keys.officerCount()) {
      throw new InvalidPartialDecryptionException(partial.index(),
          "the dealing has officers 1.." + keys.officerCount() + " only");
    }
    if (!EqualLogProof.verify(
        partial, keys.escrowKey(), keys.point(partial.index()), enc, encPoint)) {
      throw new InvalidPartialDecryptionException(partial.index(),
          "the proof does not hold: it was made with another share, for another message, or"
              + " altered");
    }
  }

  /**
   * Combines at least k officers' partial decryptions of one message into its X25519 shared
   * secret, X25519(escrow private key, enc), 32 bytes little-endian, without the private key. Every
   * partial given is checked; a bad one fails the whole call, naming its officer, so the caller can
   * drop it and try again with another officer's.
   *
   * @throws InvalidSharesException if two partials have the same index, or fewer than k are given
   * @throws InvalidPartialDecryptionException if one names no officer or its proof fails
   * @throws InvalidKeyException if {@code enc} is not a valid encapsulated key
   */
  public static byte[] combine(
      List<PartialDecryption> partials, EscrowVerificationKeys keys, byte[] enc)
      throws InvalidSharesException, InvalidPartialDecryptionException, InvalidKeyException {
    Objects.requireNonNull(partials, "partials");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(enc, "enc");
    List<PartialDecryption> list = List.copyOf(partials);
    boolean[] seen = new boolean[EscrowKeyShare.MAX_OFFICERS + 1];
    for (PartialDecryption partial : list) {
      if (seen[partial.index()]) {
        throw new InvalidSharesException(
            "the partial decryption of officer " + partial.index() + " is given twice");
      }
      seen[partial.index()] = true;
    }
    if (list.size() < keys.threshold()) {
      throw new InvalidSharesException("opening needs partial decryptions from "
          + keys.threshold() + " officers, got " + list.size());
    }
    ECPoint encPoint = Curve25519Group.encapsulatedKeyPoint(enc);
    int[] indices = new int[list.size()];
    List<ECPoint> points = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      PartialDecryption partial = list.get(i);
      verify(partial, keys, enc, encPoint);
      indices[i] = partial.index();
      points.add(partial.point());
    }
    ECPoint shared = Lagrange.interpolate(points, indices, 0);
    if (shared.isInfinity()) {
      throw new IllegalStateException("verified partial decryptions combined to the identity");
    }
    return Curve25519Group.uCoordinate(shared);
  }

  /**
   * Opens a link tag from k officers' partial decryptions of its {@linkplain
   * EscrowCipher#encapsulatedKey encapsulated key}.
   *
   * @return the registration id
   * @throws GeneralSecurityException as {@link #combine} and {@link
   *     EscrowCipher#openLinkTagWithSharedSecret}
   */
  public static byte[] openLinkTag(
      List<PartialDecryption> partials, EscrowVerificationKeys keys, byte[] linkTag)
      throws GeneralSecurityException {
    Objects.requireNonNull(linkTag, "linkTag");
    byte[] shared = combine(partials, keys, EscrowCipher.encapsulatedKey(linkTag));
    try {
      return EscrowCipher.openLinkTagWithSharedSecret(keys.escrowKey(), shared, linkTag);
    } finally {
      Arrays.fill(shared, (byte) 0);
    }
  }

  /**
   * Opens an identity envelope from k officers' partial decryptions of its {@linkplain
   * IdentityEnvelope#encapsulatedKey() encapsulated key}.
   *
   * @return the identity attributes
   * @throws GeneralSecurityException as {@link #combine} and {@link
   *     IdentityEnvelope#openWithSharedSecret}
   */
  public static byte[] openIdentity(
      List<PartialDecryption> partials, EscrowVerificationKeys keys, IdentityEnvelope envelope)
      throws GeneralSecurityException {
    Objects.requireNonNull(envelope, "envelope");
    byte[] shared = combine(partials, keys, envelope.encapsulatedKey());
    try {
      return envelope.openWithSharedSecret(keys.escrowKey(), shared);
    } finally {
      Arrays.fill(shared, (byte) 0);
    }
  }
}
