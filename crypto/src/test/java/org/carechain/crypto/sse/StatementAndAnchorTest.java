package org.carechain.crypto.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;

class StatementAndAnchorTest {

  private static final Instant ISSUED = Instant.parse("2026-03-01T12:00:00Z");
  private final SeededSecureRandom random = new SeededSecureRandom(11);
  private final Ed25519PrivateKey owner = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey other = Ed25519PrivateKey.generate(random);
  private final Hash tag = Hash.sha256(new byte[] {1});
  private final KeywordState state = new KeywordState(42, Hash.sha256(new byte[] {2}));

  private KeywordStatement statement() {
    return KeywordStatement.sign(owner, "hospital1", tag, state, 7, ISSUED, Duration.ofMinutes(5));
  }

  @Test
  void statementSignsTheDocumentedBytes() {
    KeywordStatement s = statement();
    assertTrue(s.verify(owner.publicKey()));
    assertFalse(s.verify(other.publicKey()));
    assertEquals(owner.keyId().hex(), s.ownerKeyId());
    assertEquals(ISSUED.plus(Duration.ofMinutes(5)), s.expiresAt());
    assertEquals(state, s.state());
    byte[] expected = CanonicalEncoder.forDomain("carechain/search/statement/v1")
        .writeString("hospital1").writeString(owner.keyId().hex()).writeHash(tag).writeInt64(42)
        .writeHash(state.digest()).writeInt64(7).writeInt64(ISSUED.toEpochMilli())
        .writeInt64(ISSUED.toEpochMilli() + 300_000).toByteArray();
    assertArrayEquals(expected, s.signedBytes());
    assertEquals(64, s.signature().length);
  }

  @Test
  void tamperingWithAnyStatementFieldBreaksTheSignature() {
    KeywordStatement s = statement();
    List<UnaryOperator<KeywordStatement>> tampers = List.of(
        x -> new KeywordStatement("hospital2", x.ownerKeyId(), x.keywordTag(), x.count(), x.digest(), x.epoch(), x.issuedAtMillis(), x.expiresAtMillis(), x.signature()),
        x -> new KeywordStatement(x.owner(), x.ownerKeyId(), Hash.sha256(new byte[] {3}), x.count(), x.digest(), x.epoch(), x.issuedAtMillis(), x.expiresAtMillis(), x.signature()),
        x -> new KeywordStatement(x.owner(), x.ownerKeyId(), x.keywordTag(), x.count() + 1, x.digest(), x.epoch(), x.issuedAtMillis(), x.expiresAtMillis(), x.signature()),
        x -> new KeywordStatement(x.owner(), x.ownerKeyId(), x.keywordTag(), x.count(), Hash.sha256(new byte[] {4}), x.epoch(), x.issuedAtMillis(), x.expiresAtMillis(), x.signature()),
        x -> new KeywordStatement(x.owner(), x.ownerKeyId(), x.keywordTag(), x.count(), x.digest(), x.epoch() + 1, x.issuedAtMillis(), x.expiresAtMillis(), x.signature()),
        x -> new KeywordStatement(x.owner(), x.ownerKeyId(), x.keywordTag(), x.count(), x.digest(), x.epoch(), x.issuedAtMillis() - 1, x.expiresAtMillis(), x.signature()),
        x -> new KeywordStatement(x.owner(), x.ownerKeyId(), x.keywordTag(), x.count(), x.digest(), x.epoch(), x.issuedAtMillis(), x.expiresAtMillis() + 1, x.signature()),
        x -> new KeywordStatement(x.owner(), x.ownerKeyId(), x.keywordTag(), x.count(), x.digest(), x.epoch(), x.issuedAtMillis(), x.expiresAtMillis(), flip(x.signature(), 10)),
        x -> new KeywordStatement(x.owner(), x.ownerKeyId(), x.keywordTag(), x.count(), x.digest(), x.epoch(), x.issuedAtMillis(), x.expiresAtMillis(), new byte[0]));
    for (int i = 0; i < tampers.size(); i++) {
      assertFalse(tampers.get(i).apply(s).verify(owner.publicKey()), "tamper " + i);
    }
    KeywordStatement otherKeyId = new KeywordStatement(s.owner(), other.keyId().hex(), s.keywordTag(), s.count(), s.digest(),
        s.epoch(), s.issuedAtMillis(), s.expiresAtMillis(), s.signature());
    assertFalse(otherKeyId.verify(owner.publicKey()));
    assertFalse(otherKeyId.verify(other.publicKey()));
  }

  @Test
  void statementArgumentsAreChecked() {
    assertThrows(IllegalArgumentException.class,
        () -> KeywordStatement.sign(owner, "hospital1", tag, state, 7, ISSUED, Duration.ZERO));
    assertThrows(IllegalArgumentException.class,
        () -> new KeywordStatement("", "k", tag, 0, tag, 0, 0, 0, new byte[64]));
    assertThrows(IllegalArgumentException.class,
        () -> new KeywordStatement("o", "k", tag, -1, tag, 0, 0, 0, new byte[64]));
    assertThrows(IllegalArgumentException.class,
        () -> new KeywordStatement("o", "k", tag, 0, tag, -1, 0, 0, new byte[64]));
  }

  @Test
  void anchorSignsTheDocumentedBytes() {
    TreeHead head = new TreeHead(1000, Hash.sha256(new byte[] {5}));
    EpochAnchor anchor = EpochAnchor.sign(owner, "hospital1", 9, head);
    assertTrue(anchor.verify(owner.publicKey()));
    assertFalse(anchor.verify(other.publicKey()));
    assertEquals(head, anchor.treeHead());
    assertEquals(anchor, EpochAnchor.sign(owner, "hospital1", 9, 1000, head.root()));
    byte[] expected = CanonicalEncoder.forDomain("carechain/search/anchor/v1")
        .writeString("hospital1").writeInt64(9).writeInt64(1000).writeHash(head.root()).toByteArray();
    assertArrayEquals(expected, anchor.signedBytes());
  }

  @Test
  void tamperingWithAnyAnchorFieldBreaksTheSignature() {
    EpochAnchor a = EpochAnchor.sign(owner, "hospital1", 9, new TreeHead(1000, Hash.sha256(new byte[] {5})));
    List<EpochAnchor> tampered = List.of(
        new EpochAnchor("hospital2", a.epoch(), a.logSize(), a.logRoot(), a.signature()),
        new EpochAnchor(a.owner(), a.epoch() + 1, a.logSize(), a.logRoot(), a.signature()),
        new EpochAnchor(a.owner(), a.epoch(), a.logSize() - 1, a.logRoot(), a.signature()),
        new EpochAnchor(a.owner(), a.epoch(), a.logSize(), Hash.sha256(new byte[] {6}), a.signature()),
        new EpochAnchor(a.owner(), a.epoch(), a.logSize(), a.logRoot(), flip(a.signature(), 63)),
        new EpochAnchor(a.owner(), a.epoch(), a.logSize(), a.logRoot(), new byte[65]));
    for (int i = 0; i < tampered.size(); i++) {
      assertFalse(tampered.get(i).verify(owner.publicKey()), "tamper " + i);
    }
    assertThrows(IllegalArgumentException.class, () -> new EpochAnchor("o", -1, 0, a.logRoot(), new byte[64]));
    assertThrows(IllegalArgumentException.class, () -> new EpochAnchor("o", 0, -1, a.logRoot(), new byte[64]));
  }

  private static byte[] flip(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= 1;
    return copy;
  }
}
