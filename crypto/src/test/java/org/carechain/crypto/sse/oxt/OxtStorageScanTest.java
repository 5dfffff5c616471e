package org.carechain.crypto.sse.oxt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sse.Entry;
import org.junit.jupiter.api.Test;

/** Nothing the server stores, receives or sends holds a keyword or a record id in clear. */
class OxtStorageScanTest {

  @Test
  void theServersBytesHoldNoKeywordOrRecordId() {
    OxtFixture db = new OxtFixture(5, 10, 50).addRandomPairs(300, 3);
    List<byte[]> seen = new ArrayList<>();
    for (Entry entry : db.server.storedEntries()) {
      seen.add(entry.label());
      seen.add(entry.value());
    }
    for (Hash xtag : db.server.storedXtags()) {
      seen.add(xtag.toByteArray());
    }
    for (int q = 0; q < 5; q++) {
      List<String> terms = db.randomTerms(3);
      OxtToken token = db.token(OxtOwner.leastFrequent(terms, db::count), terms);
      OxtQuery query = token.query();
      for (int c = 0; c < query.size(); c++) {
        seen.add(query.entryToken(c));
        for (int i = 0; i < query.xTermCount(); i++) {
          seen.add(query.xtoken(c, i));
        }
      }
      for (OxtResult.Row row : db.server.search(query, VerificationMode.STRICT).rows()) {
        seen.add(row.label());
        seen.add(row.value());
        row.proofs().forEach(proof -> proof.siblings().forEach(h -> seen.add(h.toByteArray())));
      }
    }
    assertEquals(300, db.server.tsetSize());
    List<String> plaintexts = new ArrayList<>();
    db.reference.keySet().forEach(plaintexts::add);
    db.reference.values().forEach(plaintexts::addAll);
    // Also the distinctive digits alone, and the common prefixes.
    for (String text : List.copyOf(plaintexts)) {
      plaintexts.add(text.substring(text.indexOf(text.startsWith("code=") ? '=' : '-') + 1));
    }
    plaintexts.add("code=");
    plaintexts.add("record-");
    for (byte[] bytes : seen) {
      for (String plaintext : plaintexts) {
        assertFalse(contains(bytes, plaintext.getBytes(StandardCharsets.UTF_8)),
            "the server's data holds a plaintext keyword or id");
      }
    }
  }

  @Test
  void theScanFindsAPlantedPlaintext() {
    byte[] planted = "xx-record-900031-yy".getBytes(StandardCharsets.UTF_8);
    assertTrue(contains(planted, "record-900031".getBytes(StandardCharsets.UTF_8)));
    assertFalse(contains(planted, "record-900032".getBytes(StandardCharsets.UTF_8)));
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int start = 0; start + needle.length <= haystack.length; start++) {
      for (int i = 0; i < needle.length; i++) {
        if (haystack[start + i] != needle[i]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
