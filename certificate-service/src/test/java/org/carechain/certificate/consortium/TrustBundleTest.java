package org.carechain.certificate.consortium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.carechain.crypto.Hash;
import org.carechain.crypto.pki.AnonymousCertificateIssuer;
import org.carechain.crypto.pki.CertificateAuthority;
import org.carechain.crypto.pki.SubjectPublicKey;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.proto.certificate.v1.TrustBundleUpdate;
import org.junit.jupiter.api.Test;

/** The trust bundle's update rule: the next sequence, endorsed by more than half of the roots before it. */
class TrustBundleTest {

    private static final Instant NOW = Instant.parse("2026-11-30T00:00:00Z");

    private final Random seeded = new Random(20261130);
    private final List<CertificateAuthority> cas = new ArrayList<>();
    private final List<Ed25519PrivateKey> keys = new ArrayList<>();

    private CertificateAuthority ca(int i) {
        while (cas.size() <= i) {
            byte[] seed = new byte[32];
            seeded.nextBytes(seed);
            Ed25519PrivateKey key;
            try {
                key = Ed25519PrivateKey.create(seed);
            } catch (java.security.InvalidKeyException e) {
                throw new IllegalStateException(e);
            }
            keys.add(key);
            cas.add(CertificateAuthority.createRoot(key, "CA " + cas.size(), NOW.minus(Duration.ofDays(1)),
                    NOW.plus(Duration.ofDays(365)), BigInteger.valueOf(cas.size() + 1)));
        }
        return cas.get(i);
    }

    private Hash id(int i) {
        return Hash.sha256(ca(i).certificate().toDer());
    }

    private TrustBundle genesis(int roots) {
        List<byte[]> ders = new ArrayList<>();
        for (int i = 0; i < roots; i++) {
            ders.add(ca(i).certificate().toDer());
        }
        return TrustBundle.genesis(ders);
    }

    private TrustBundleUpdate adding(long sequence, int newRoot, int... endorsers) {
        TrustBundleUpdate update = TrustBundleUpdate.newBuilder().setSequence(sequence)
                .addAddRoots(ByteString.copyFrom(ca(newRoot).certificate().toDer())).build();
        return endorsed(update, endorsers);
    }

    private TrustBundleUpdate endorsed(TrustBundleUpdate update, int... endorsers) {
        TrustBundleUpdate.Builder builder = update.toBuilder();
        for (int endorser : endorsers) {
            builder.addEndorsements(TrustBundle.endorse(update, id(endorser), keys.get(endorser)));
        }
        return builder.build();
    }

    @Test
    void anUpdateEndorsedByAMajorityAddsARoot() {
        TrustBundle bundle = genesis(3);
        TrustBundle.Outcome outcome = bundle.apply(adding(1, 3, 0, 2));
        assertEquals(Optional.empty(), outcome.rejection());
        assertEquals(4, outcome.bundle().roots().size());
        assertEquals(1, outcome.bundle().sequence());
        assertTrue(outcome.bundle().root(id(3)).isPresent());
        // With four roots, two endorsements are no longer a majority.
        TrustBundleUpdate removal = TrustBundleUpdate.newBuilder().setSequence(2)
                .addRemoveRoots(ByteString.copyFrom(id(1).toByteArray())).build();
        assertTrue(outcome.bundle().apply(endorsed(removal, 0, 3)).rejection().orElseThrow().contains("2 of 4"));
        TrustBundle.Outcome removed = outcome.bundle().apply(endorsed(removal, 0, 2, 3));
        assertEquals(Optional.empty(), removed.rejection());
        assertTrue(removed.bundle().root(id(1)).isEmpty());
    }

    @Test
    void aMinorityAForgeryOrAWrongSequenceChangesNothing() {
        TrustBundle bundle = genesis(3);
        assertRejected(bundle, adding(1, 3, 0), "1 of 3");
        assertRejected(bundle, adding(1, 3, 0, 0, 0), "1 of 3");
        assertRejected(bundle, adding(2, 3, 0, 1), "sequence");
        assertRejected(bundle, adding(0, 3, 0, 1), "sequence");
        // Endorsements by CAs outside the bundle do not count.
        assertRejected(bundle, adding(1, 3, 3, 4, 5), "0 of 3");
        // A signature over another update does not verify.
        TrustBundleUpdate other = adding(1, 4, 0, 1);
        TrustBundleUpdate forged = adding(1, 3).toBuilder().addAllEndorsements(other.getEndorsementsList()).build();
        assertRejected(bundle, forged, "does not verify");
    }

    @Test
    void theBundleNeverEmptiesAndOnlyTakesCaRoots() throws Exception {
        TrustBundle bundle = genesis(1);
        TrustBundleUpdate emptying = TrustBundleUpdate.newBuilder().setSequence(1)
                .addRemoveRoots(ByteString.copyFrom(id(0).toByteArray())).build();
        assertRejected(bundle, endorsed(emptying, 0), "empty");
        TrustBundleUpdate unknown = TrustBundleUpdate.newBuilder().setSequence(1)
                .addRemoveRoots(ByteString.copyFrom(id(5).toByteArray())).build();
        assertRejected(bundle, endorsed(unknown, 0), "not in the bundle");
        assertRejected(bundle, adding(1, 0, 0), "already");

        byte[] endEntity = AnonymousCertificateIssuer.create(ca(0), Optional.empty(), Optional.empty())
                .issue(SubjectPublicKey.of(keys.get(0).publicKey()), "ps-x", "patient", new byte[] {1}, BigInteger.TEN,
                        NOW, NOW.plusSeconds(60));
        TrustBundleUpdate notARoot = TrustBundleUpdate.newBuilder().setSequence(1)
                .addAddRoots(ByteString.copyFrom(endEntity)).build();
        assertRejected(bundle, endorsed(notARoot, 0), "unusable");
        assertThrows(IllegalArgumentException.class, () -> TrustBundle.genesis(List.of()));
        assertThrows(IllegalArgumentException.class, () -> TrustBundle.genesis(List.of(endEntity)));
    }

    private static void assertRejected(TrustBundle bundle, TrustBundleUpdate update, String reason) {
        TrustBundle.Outcome outcome = bundle.apply(update);
        assertSame(bundle, outcome.bundle(), "a rejected update changes nothing");
        assertTrue(outcome.rejection().orElseThrow().contains(reason), outcome.rejection().orElseThrow());
    }
}
