package org.carechain.crypto.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;

class KeywordKeysTest {

  private final MasterKeys keys = MasterKeys.generate(new SeededSecureRandom(1));

  @Test
  void derivationIsDeterministic() {
    MasterKeys same = MasterKeys.decode(keys.encode());
    KeywordKeys a = keys.keywordKeys(SecurityLabel.N, "code=44054006");
    KeywordKeys b = same.keywordKeys(SecurityLabel.N, "code=44054006");
    assertEquals(a.tag(), b.tag());
    assertArrayEquals(a.encryptionKey(), b.encryptionKey());
    assertArrayEquals(a.label(1), b.label(1));
    assertArrayEquals(a.label(1_000_000), b.label(1_000_000));
    assertEquals(a.userKey(), b.userKey());
  }

  @Test
  void derivationMatchesTheDocumentedFormulasForNonAsciiKeywords() throws Exception {
    byte[] encoded = keys.encode();
    byte[] kU = Arrays.copyOfRange(encoded, 7, 39);
    for (String keyword : List.of("display=Gürtelrose", "emoji=\uD83D\uDE00", "x")) {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(kU, "HmacSHA256"));
      byte[] tag = mac.doFinal(CanonicalEncoder.forDomain("carechain/search/keyword-tag/v1").writeString(keyword).toByteArray());
      assertEquals(Hash.of(tag), keys.keywordKeys(SecurityLabel.U, keyword).tag());
    }
  }

  @Test
  void derivationMatchesTheDocumentedFormulas() throws Exception {
    byte[] masterKey = Arrays.copyOfRange(keys.encode(), 6, 6 + 32 + 1);
    assertEquals('U', masterKey[0]);
    byte[] kU = Arrays.copyOfRange(masterKey, 1, 33);
    String keyword = "type=Observation";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(kU, "HmacSHA256"));
    byte[] tag = mac.doFinal(CanonicalEncoder.forDomain("carechain/search/keyword-tag/v1").writeString(keyword).toByteArray());
    byte[] kw = mac.doFinal(CanonicalEncoder.forDomain("carechain/search/keyword-key/v1").writeString(keyword).toByteArray());
    mac.init(new SecretKeySpec(kw, "HmacSHA256"));
    byte[] labelKey = mac.doFinal(CanonicalEncoder.forDomain("carechain/search/label-key/v1").toByteArray());
    byte[] valueKey = mac.doFinal(CanonicalEncoder.forDomain("carechain/search/value-key/v1").toByteArray());
    mac.init(new SecretKeySpec(labelKey, "HmacSHA256"));
    byte[] label3 = mac.doFinal(HexFormat.of().parseHex("0000000000000003"));

    KeywordKeys derived = keys.keywordKeys(SecurityLabel.U, keyword);
    assertEquals(Hash.of(tag), derived.tag());
    assertArrayEquals(valueKey, derived.encryptionKey());
    assertArrayEquals(label3, derived.label(3));
  }

  @Test
  void tagsAndLabelsSeparateKeywordsAndSecurityLabels() {
    Set<Hash> tags = new HashSet<>();
    Set<String> labels = new HashSet<>();
    Set<String> valueKeys = new HashSet<>();
    HexFormat hex = HexFormat.of();
    List<String> keywords = List.of("code=44054006", "code=38341003", "code=4405400", "type=Patient", "a", "b");
    for (SecurityLabel securityLabel : SecurityLabel.values()) {
      for (String keyword : keywords) {
        KeywordKeys k = keys.keywordKeys(securityLabel, keyword);
        assertTrue(tags.add(k.tag()), "tag repeats");
        assertTrue(valueKeys.add(hex.formatHex(k.encryptionKey())), "value key repeats");
        for (byte[] label : k.labels(20)) {
          assertTrue(labels.add(hex.formatHex(label)), "label repeats");
        }
        // The tag is not itself a label or a key.
        assertFalse(labels.contains(k.tag().toHex()));
      }
    }
    MasterKeys other = MasterKeys.generate(new SeededSecureRandom(2));
    assertNotEquals(keys.keywordKeys(SecurityLabel.N, "a").tag(), other.keywordKeys(SecurityLabel.N, "a").tag());
  }

  @Test
  void tokenListsTheLabelsInCounterOrder() {
    KeywordKeys k = keys.keywordKeys(SecurityLabel.R, "code=1234");
    List<byte[]> token = k.labels(50);
    assertEquals(50, token.size());
    for (int c = 1; c <= 50; c++) {
      assertArrayEquals(k.label(c), token.get(c - 1), "label " + c);
      assertEquals(Entry.LABEL_SIZE, token.get(c - 1).length);
    }
    assertTrue(k.labels(0).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> k.label(0));
    assertThrows(IllegalArgumentException.class, () -> k.labels(-1));
  }

  @Test
  void userKeyHoldsTheTagAndValueKeyOnly() {
    KeywordKeys k = keys.keywordKeys(SecurityLabel.V, "code=1");
    UserKeywordKey user = k.userKey();
    assertEquals(SecurityLabel.V, user.label());
    assertEquals(k.tag(), user.tag());
    assertArrayEquals(k.encryptionKey(), user.encryptionKey());
    String hex = HexFormat.of().formatHex(k.encryptionKey());
    assertFalse(user.toString().contains(hex));
    assertFalse(k.toString().contains(hex));
    assertThrows(IllegalArgumentException.class, () -> new UserKeywordKey(SecurityLabel.N, k.tag(), new byte[31]));
  }

  @Test
  void badKeywordsAreRefusedWithoutEchoingThem() {
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> keys.keywordKeys(SecurityLabel.N, ""));
    assertTrue(empty.getMessage().contains("1 to 1024"));
    String longKeyword = "secret".repeat(200);
    IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
        () -> keys.keywordKeys(SecurityLabel.N, longKeyword));
    assertFalse(tooLong.getMessage().contains("secret"));
    assertThrows(IllegalArgumentException.class, () -> keys.keywordKeys(SecurityLabel.N, "bad\uD800"));
    assertThrows(IllegalArgumentException.class, () -> keys.keywordKeys(SecurityLabel.N, "\uDC00bad"));
    // A proper pair is fine.
    keys.keywordKeys(SecurityLabel.N, "emoji=\uD83D\uDE00");
  }

  @Test
  void encodeDecodeRoundTripsAndOnlyRestricts() {
    assertEquals(keys, MasterKeys.decode(keys.encode()));
    assertEquals(EnumSet.allOf(SecurityLabel.class), keys.labels());
    MasterKeys normalOnly = keys.only(Set.of(SecurityLabel.N));
    assertTrue(normalOnly.has(SecurityLabel.N));
    assertFalse(normalOnly.has(SecurityLabel.R));
    assertEquals(keys.keywordKeys(SecurityLabel.N, "x").tag(), normalOnly.keywordKeys(SecurityLabel.N, "x").tag());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> normalOnly.keywordKeys(SecurityLabel.R, "x"));
    assertTrue(missing.getMessage().contains("no master key for security label R"));
    assertEquals(normalOnly, MasterKeys.decode(normalOnly.encode()));
    assertEquals(6 + 33, normalOnly.encode().length);
    MasterKeys none = keys.only(Set.of());
    assertEquals(none, MasterKeys.decode(none.encode()));
    assertEquals("MasterKeys{labels=[N]}", normalOnly.toString());
    assertThrows(IllegalArgumentException.class, () -> normalOnly.only(Set.of(SecurityLabel.V)));
  }

  @Test
  void malformedKeyFilesAreRefusedWithoutKeyBytes() {
    byte[] good = keys.only(EnumSet.of(SecurityLabel.N, SecurityLabel.R)).encode();
    String keyHex = HexFormat.of().formatHex(good, 7, 7 + 32);
    byte[][] bad = {
      new byte[0],
      Arrays.copyOf(good, 5),
      Arrays.copyOf(good, good.length - 1),
      Arrays.copyOf(good, good.length + 1),
      withByte(good, 0, 'X'),          // magic
      withByte(good, 4, 2),            // version
      withByte(good, 5, 7),            // count above six
      withByte(good, 5, 1),            // count disagrees with length
      withByte(good, 6, 'Q'),          // unknown label code
      withByte(good, 6 + 33, 'N'),     // repeated label
      withByte(withByte(good, 6, 'R'), 6 + 33, 'N'), // out of order
    };
    for (int i = 0; i < bad.length; i++) {
      byte[] encoded = bad[i];
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MasterKeys.decode(encoded),
          "case " + i);
      assertFalse(e.getMessage().toLowerCase().contains(keyHex), "case " + i);
    }
  }

  private static byte[] withByte(byte[] bytes, int index, int value) {
    byte[] copy = bytes.clone();
    copy[index] = (byte) value;
    return copy;
  }
}
