package org.carechain.crypto.sse.oxt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import javax.crypto.AEADBadTagException;
import org.carechain.crypto.sse.KeywordState;
import org.carechain.crypto.sse.SecurityLabel;
import org.carechain.crypto.testing.SeededSecureRandom;
import org.junit.jupiter.api.Test;

/** Key separation between labels, and what the owner and the server refuse. */
class OxtKeysAndInputTest {

  private static final byte[] MASTER = new byte[32];
  private static final byte[] ID = OxtFixture.bytes("record-1");

  @Test
  void labelsGetUnrelatedKeysEvenUnderOneMasterKey() throws Exception {
    OxtOwner normal = OxtOwner.create(OxtKeys.derive(SecurityLabel.N, MASTER));
    OxtOwner restricted = OxtOwner.create(OxtKeys.derive(SecurityLabel.R, MASTER));
    SeededSecureRandom random = new SeededSecureRandom(1);
    OxtAddition n = normal.add("code=1", KeywordState.EMPTY, ID, random);
    OxtAddition r = restricted.add("code=1", KeywordState.EMPTY, ID, random);
    assertFalse(java.util.Arrays.equals(n.entry().label(), r.entry().label()));
    assertNotEquals(n.xtag(), r.xtag());
    // An N user's key cannot open R entries.
    OxtEntryKey normalKey = normal.entryKey("code=1");
    assertThrows(AEADBadTagException.class, () -> normalKey.open(new OxtMatch(1, r.entry())));
    assertEquals("record-1", OxtFixture.string(normalKey.open(new OxtMatch(1, n.entry()))));
  }

  @Test
  void derivationIsDeterministicAndKeysStayHidden() {
    OxtKeys keys = OxtKeys.derive(SecurityLabel.V, MASTER);
    SeededSecureRandom random = new SeededSecureRandom(2);
    OxtAddition first = OxtOwner.create(keys).add("code=1", KeywordState.EMPTY, ID, random);
    OxtAddition again = OxtOwner.create(OxtKeys.derive(SecurityLabel.V, MASTER.clone()))
        .add("code=1", KeywordState.EMPTY, ID, random);
    assertEquals(first.xtag(), again.xtag());
    assertEquals("OxtKeys[V]", keys.toString());
    assertEquals("OxtEntryKey[redacted]", OxtOwner.create(keys).entryKey("code=1").toString());
    assertThrows(IllegalArgumentException.class, () -> OxtKeys.derive(SecurityLabel.N, new byte[31]));
  }

  @Test
  void theOwnerRefusesEmptyKeywordsAndIds() {
    OxtOwner owner = OxtOwner.create(OxtKeys.derive(SecurityLabel.N, MASTER));
    SeededSecureRandom random = new SeededSecureRandom(3);
    assertThrows(IllegalArgumentException.class, () -> owner.add("", KeywordState.EMPTY, ID, random));
    assertThrows(IllegalArgumentException.class, () -> owner.add("code=1", KeywordState.EMPTY, new byte[0], random));
    assertThrows(IllegalArgumentException.class, () -> OxtOwner.leastFrequent(List.of(), term -> 0));
  }

  @Test
  void malformedQueriesAreRefusedWithAReason() {
    byte[] token = new byte[32];
    byte[] xtoken = OxtGroup.encode(OxtGroup.generator());
    assertThrows(IllegalArgumentException.class, () -> OxtQuery.create(List.of(new byte[31]), List.of(List.of())));
    assertThrows(IllegalArgumentException.class, () -> OxtQuery.create(List.of(token), List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> OxtQuery.create(List.of(token, token), List.of(List.of(xtoken), List.of())));
    assertThrows(IllegalArgumentException.class,
        () -> OxtQuery.create(List.of(token), List.of(List.of(new byte[32]))));

    OxtFixture db = new OxtFixture(4, 2, 4);
    db.add(db.keywords.get(0), "record-1");
    OxtQuery real = db.token(db.keywords.get(0), List.of(db.keywords.get(0), db.keywords.get(1))).query();
    byte[] offCurve = new byte[33];
    offCurve[0] = 0x02;
    offCurve[32] = 0x01;
    OxtQuery bad = OxtQuery.create(List.of(real.entryToken(0)), List.of(List.of(offCurve)));
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> db.server.search(bad, VerificationMode.FILTERED));
    assertEquals("a group element is not a point of P-256", refused.getMessage());
  }

  @Test
  void aBatchWithATakenLabelChangesNothing() {
    OxtFixture db = new OxtFixture(6, 2, 4);
    OxtAddition first = db.owner.add("code=1", KeywordState.EMPTY, ID, db.secureRandom);
    db.server.apply(List.of(first.entry()), List.of(first.xtag()));
    var rootBefore = db.server.xsetRoot();
    OxtAddition second = db.owner.add("code=2", KeywordState.EMPTY, ID, db.secureRandom);
    assertThrows(IllegalArgumentException.class,
        () -> db.server.apply(List.of(second.entry(), first.entry()), List.of(second.xtag())));
    assertEquals(1, db.server.tsetSize());
    assertEquals(rootBefore, db.server.xsetRoot());
  }
}
