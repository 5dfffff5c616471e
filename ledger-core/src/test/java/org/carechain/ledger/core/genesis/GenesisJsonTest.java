package org.carechain.ledger.core.genesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import org.carechain.ledger.core.significance.ImportantItem;
import org.carechain.ledger.core.significance.ItemCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenesisJsonTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  static Genesis genesis(int validators) {
    List<Genesis.Member> members = new java.util.ArrayList<>();
    for (int i = 0; i < validators; i++) {
      members.add(new Genesis.Member("ledger-" + i, Ed25519PrivateKey.generate(RANDOM).publicKey()));
    }
    return new Genesis("carechain-test", Channel.EHR, 1_767_225_600_000L, members,
        List.of(new Genesis.Member("hospital1-capture", Ed25519PrivateKey.generate(RANDOM).publicKey())),
        ProposerPolicyKind.LEAST_SIGNIFICANCE, Duration.ofSeconds(600), 1_000_000_000L, Genesis.Timeouts.DEFAULT,
        5_000, 8 * 1024 * 1024,
        ItemCatalog.builder().type("Observation", new ImportantItem("code", "Observation.code"),
            new ImportantItem("value", "Observation.value")).build());
  }

  @Test
  void writtenGenesisParsesBackToTheSameChain() {
    Genesis original = genesis(4);
    Genesis parsed = GenesisJson.parse(GenesisJson.write(original));
    assertEquals(original, parsed);
    assertEquals(original.hash(), parsed.hash());
    assertEquals(1, parsed.faultTolerance());
    assertTrue(parsed.warnings().isEmpty(), parsed.warnings().toString());
  }

  @Test
  void everySettingIsPartOfTheChainIdentity() {
    Genesis original = genesis(4);
    String json = GenesisJson.write(original);
    assertNotEquals(original.hash(), GenesisJson.parse(json.replace("\"blockRewardNano\" : 1000000000",
        "\"blockRewardNano\" : 1000000001")).hash());
    assertNotEquals(original.hash(), GenesisJson.parse(json.replace("Observation.value", "Observation.valueQuantity")).hash());
  }

  @Test
  void fewerThanFourValidatorsIsAllowedWithAWarning() {
    assertTrue(genesis(1).warnings().get(0).contains("BFT needs at least 4"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"chainId\" : \"carechain-test\"|\"chainId\" : \"Care Chain\"|chain id",
      "\"channel\" : \"ehr\"|\"channel\" : \"billing\"|unknown channel",
      "\"maxBlockBytes\"|\"maxBlokBytes\"|unknown field maxBlokBytes",
      "\"proposerPolicy\" : \"least-significance\"|\"proposerPolicy\" : \"random\"|unknown proposer policy",
      "\"genesisTime\" : \"2026-01-01T00:00:00Z\"|\"genesisTime\" : \"yesterday\"|ISO-8601",
      "\"blockRewardNano\" : 1000000000|\"blockRewardNano\" : -1|must not be negative",
      "\"blockRewardNano\" : 1000000000|\"blockRewardNano\" : \"lots\"|whole number",
      "\"proposeMillis\" : 1000|\"proposeMillis\" : 0|timeouts"
  })
  void badSettingsAreRejectedWithTheirReason(String from, String to, String reason) {
    String json = GenesisJson.write(genesis(4));
    assertTrue(json.contains(from), "fixture lacks " + from);
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> GenesisJson.parse(json.replace(from, to)));
    assertTrue(error.getMessage().contains(reason), error.getMessage());
  }

  @Test
  void duplicateValidatorsAndBrokenKeysAreRejected() {
    String json = GenesisJson.write(genesis(4));
    assertThrows(IllegalArgumentException.class, () -> GenesisJson.parse(json.replace("ledger-1", "ledger-0")));
    assertThrows(IllegalArgumentException.class, () -> GenesisJson.parse("{"));
    assertThrows(IllegalArgumentException.class, () -> GenesisJson.parse("[]"));
    String shortKey = json.replaceFirst("\"publicKey\" : \"[0-9a-f]{64}\"", "\"publicKey\" : \"abcd\"");
    assertThrows(IllegalArgumentException.class, () -> GenesisJson.parse(shortKey));
  }

  @Test
  void appStateIsCarriedAndIsPartOfTheIdentityOnlyWhenPresent() {
    Genesis plain = genesis(4);
    TypedPayload state = new TypedPayload("type.carechain.org/carechain.certificate.v1.ConsortiumGenesis",
        new byte[] {1, 2, 3});
    Genesis withState = plain.withAppState(List.of(state));
    assertFalse(GenesisJson.write(plain).contains("appState"), "a genesis without app state writes none");
    Genesis parsed = GenesisJson.parse(GenesisJson.write(withState));
    assertEquals(withState, parsed);
    assertEquals(withState.hash(), parsed.hash());
    assertArrayEquals(new byte[] {1, 2, 3}, parsed.appState(state.typeUrl()).orElseThrow().value());
    assertNotEquals(plain.hash(), withState.hash());
    assertNotEquals(withState.hash(), plain.withAppState(List.of(new TypedPayload(state.typeUrl(), new byte[] {1, 2, 4}))).hash());

    String json = GenesisJson.write(withState);
    String twice = json.replace("\"appState\" : [ {", "\"appState\" : [ { \"typeUrl\" : \"" + state.typeUrl()
        + "\", \"value\" : \"AQID\" }, {");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> GenesisJson.parse(twice)).getMessage()
        .contains("listed twice"));
    assertThrows(IllegalArgumentException.class, () -> GenesisJson.parse(json.replace("AQID", "not base64!")));
    assertThrows(IllegalArgumentException.class, () -> GenesisJson.parse(json.replace("carechain.certificate", "x")));
  }
}
