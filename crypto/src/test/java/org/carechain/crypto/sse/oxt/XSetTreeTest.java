package org.carechain.crypto.sse.oxt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.carechain.crypto.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The authenticated XSet against a plain {@link HashSet}, and its proofs under tampering. */
class XSetTreeTest {

  private static Hash randomKey(SplittableRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Hash.of(bytes);
  }

  /** A key equal to {@code base} on its first {@code bits} bits and different right after. */
  private static Hash neighbour(Hash base, int bits) {
    byte[] bytes = base.toByteArray();
    bytes[bits >>> 3] ^= (byte) (0x80 >>> (bits & 7));
    return Hash.of(bytes);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void membershipAndProofsAgreeWithAReferenceSet(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    XSetTree tree = new XSetTree();
    Set<Hash> reference = new HashSet<>();
    List<Hash> keys = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Hash key = i % 10 == 9 ? neighbour(keys.get(random.nextInt(keys.size())), 200 + random.nextInt(56))
          : randomKey(random);
      keys.add(key);
      assertEquals(reference.add(key), tree.insert(key), "seed " + seed + ", insert " + i);
    }
    assertFalse(tree.insert(keys.get(0)), "a repeated key is not added twice");
    assertEquals(reference.size(), tree.size());
    Hash root = tree.root();
    List<Hash> probes = new ArrayList<>(keys);
    for (int i = 0; i < 300; i++) {
      probes.add(i % 3 == 0 ? neighbour(keys.get(random.nextInt(keys.size())), random.nextInt(256)) : randomKey(random));
    }
    for (Hash probe : probes) {
      boolean member = reference.contains(probe);
      assertEquals(member, tree.contains(probe), "seed " + seed);
      assertEquals(member, tree.prove(probe).verify(root, probe), "seed " + seed);
    }
  }

  @Test
  void theRootDependsOnTheSetNotTheOrder() {
    SplittableRandom random = new SplittableRandom(7);
    List<Hash> keys = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      keys.add(randomKey(random));
    }
    XSetTree inOrder = new XSetTree();
    keys.forEach(inOrder::insert);
    Collections.shuffle(keys, new Random(7));
    XSetTree shuffled = new XSetTree();
    keys.forEach(shuffled::insert);
    assertEquals(inOrder.root(), shuffled.root());
    shuffled.insert(randomKey(random));
    assertNotEquals(inOrder.root(), shuffled.root());
  }

  @Test
  void theEmptyAndOneKeySetsHaveProofsToo() throws Exception {
    XSetTree tree = new XSetTree();
    Hash key = randomKey(new SplittableRandom(8));
    assertEquals(Hash.of(new byte[32]), tree.root());
    assertFalse(tree.prove(key).verify(tree.root(), key));
    Hash rootAfter = tree.prove(key).rootAfterInsert(tree.root(), key);
    tree.insert(key);
    assertEquals(tree.root(), rootAfter);
    assertTrue(tree.prove(key).verify(tree.root(), key));
    Hash other = neighbour(key, 255);
    assertFalse(tree.prove(other).verify(tree.root(), other));
  }

  @Test
  void rootAfterInsertMatchesTheTreeForKeysSharingLongPrefixes() throws Exception {
    SplittableRandom random = new SplittableRandom(9);
    XSetTree tree = new XSetTree();
    Hash root = tree.root();
    Hash base = randomKey(random);
    for (int i = 0; i < 100; i++) {
      Hash key = i % 2 == 0 ? neighbour(base, 100 + random.nextInt(156)) : randomKey(random);
      root = tree.prove(key).rootAfterInsert(root, key);
      tree.insert(key);
      assertEquals(tree.root(), root, "insert " + i);
    }
  }

  @Test
  void aTamperedProofIsRejected() {
    SplittableRandom random = new SplittableRandom(10);
    XSetTree tree = new XSetTree();
    List<Hash> keys = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      keys.add(randomKey(random));
      tree.insert(keys.get(i));
    }
    Hash root = tree.root();
    Hash member = keys.get(17);
    XSetProof proof = tree.prove(member);
    List<Hash> siblings = proof.siblings();

    List<Hash> flipped = new ArrayList<>(siblings);
    byte[] bytes = flipped.get(flipped.size() - 1).toByteArray();
    bytes[31] ^= 1;
    flipped.set(flipped.size() - 1, Hash.of(bytes));
    assertThrows(OxtVerificationException.class, () -> XSetProof.of(flipped, member).verify(root, member));
    assertThrows(OxtVerificationException.class,
        () -> XSetProof.of(siblings.subList(0, siblings.size() - 1), member).verify(root, member), "truncated");
    assertThrows(OxtVerificationException.class, () -> XSetProof.of(siblings, null).verify(root, member),
        "membership turned into absence");
    assertThrows(OxtVerificationException.class, () -> proof.verify(root, keys.get(18)), "another key");
    Hash offPath = neighbour(member, 0);
    assertThrows(OxtVerificationException.class, () -> XSetProof.of(siblings, offPath).verify(root, member),
        "a terminal leaf off the key's path");
    Hash oldRoot = root;
    tree.insert(randomKey(random));
    assertThrows(OxtVerificationException.class, () -> tree.prove(member).verify(oldRoot, member), "stale root");
  }
}
