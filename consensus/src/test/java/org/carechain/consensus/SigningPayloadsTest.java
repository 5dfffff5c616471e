package org.carechain.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.carechain.crypto.Hash;
import org.junit.jupiter.api.Test;

/** The signed bytes are a contract with every other implementation: pinned here byte for byte. */
class SigningPayloadsTest {

  private final SigningPayloads payloads = SigningPayloads.of("cc", "ehr");
  private final Hash block = Hash.fromHex("11".repeat(32));

  @Test
  void voteLayout() {
    String expected = "0000001b" + hex("carechain/consensus/vote/v1")
        + "00000002" + hex("cc")
        + "00000003" + hex("ehr")
        + "0000000000000007" // height
        + "00000002" // round
        + "02" // precommit
        + "01" + "11".repeat(32) // block id
        + "00000002" + hex("v1");
    assertEquals(expected, HexFormat.of().formatHex(payloads.vote(7, 2, VoteType.PRECOMMIT, block, "v1")));
  }

  @Test
  void nilVoteLayout() {
    String expected = "0000001b" + hex("carechain/consensus/vote/v1") + "00000002" + hex("cc") + "00000003" + hex("ehr")
        + "0000000000000007" + "00000000" + "01" + "00" + "00000002" + hex("v1");
    assertEquals(expected, HexFormat.of().formatHex(payloads.vote(7, 0, VoteType.PREVOTE, null, "v1")));
  }

  @Test
  void proposalLayout() {
    String expected = "0000001f" + hex("carechain/consensus/proposal/v1") + "00000002" + hex("cc")
        + "00000003" + hex("ehr") + "0000000000000007" + "00000003" + "11".repeat(32) + "ffffffff";
    assertEquals(expected, HexFormat.of().formatHex(payloads.proposal(7, 3, block, -1)));
  }

  @Test
  void everyFieldChangesTheBytes() {
    Set<String> distinct = new HashSet<>();
    List<byte[]> variants = List.of(
        payloads.vote(7, 2, VoteType.PRECOMMIT, block, "v1"),
        SigningPayloads.of("cc2", "ehr").vote(7, 2, VoteType.PRECOMMIT, block, "v1"),
        SigningPayloads.of("cc", "rbc").vote(7, 2, VoteType.PRECOMMIT, block, "v1"),
        payloads.vote(8, 2, VoteType.PRECOMMIT, block, "v1"),
        payloads.vote(7, 3, VoteType.PRECOMMIT, block, "v1"),
        payloads.vote(7, 2, VoteType.PREVOTE, block, "v1"),
        payloads.vote(7, 2, VoteType.PRECOMMIT, null, "v1"),
        payloads.vote(7, 2, VoteType.PRECOMMIT, block, "v2"),
        payloads.proposal(7, 2, block, -1),
        payloads.proposal(7, 2, block, 0));
    for (byte[] variant : variants) {
      distinct.add(HexFormat.of().formatHex(variant));
    }
    assertEquals(variants.size(), distinct.size());
    assertNotEquals(
        HexFormat.of().formatHex(SigningPayloads.of("a", "bc").vote(1, 0, VoteType.PREVOTE, null, "v")),
        HexFormat.of().formatHex(SigningPayloads.of("ab", "c").vote(1, 0, VoteType.PREVOTE, null, "v")));
  }

  private static String hex(String ascii) {
    return HexFormat.of().formatHex(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
