package org.carechain.ledger.core.genesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import org.carechain.ledger.core.significance.ImportantItem;
import org.carechain.ledger.core.significance.ItemCatalog;

/**
 * The genesis file: JSON that an operator can read, write and review. Parsing is strict: an
 * unknown or missing field is an error that names it, so a misspelt setting never silently falls
 * back to a default on one validator and not on another.
 */
public final class GenesisJson {

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Set<String> TOP_LEVEL = Set.of("chainId", "channel", "genesisTime", "validators",
      "submitters", "proposerPolicy", "starvingThresholdSeconds", "blockRewardNano", "timeouts",
      "maxBlockTransactions", "maxBlockBytes", "importantItems", "appState");
  private static final Set<String> TIMEOUTS = Set.of("proposeMillis", "prevoteMillis", "precommitMillis",
      "roundIncrementMillis");

  private GenesisJson() {}

  /**
   * Reads and checks a genesis file.
   *
   * @throws IllegalArgumentException naming the first problem found
   */
  public static Genesis parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("genesis is not valid JSON (line " + e.getLocation().getLineNr() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("genesis must be a JSON object");
    }
    onlyKnownFields(root, TOP_LEVEL, "");
    JsonNode timeouts = field(root, "timeouts");
    onlyKnownFields(timeouts, TIMEOUTS, "timeouts.");
    return new Genesis(
        text(root, "chainId"),
        Channel.fromId(text(root, "channel")),
        instant(root, "genesisTime"),
        members(root, "validators"),
        members(root, "submitters"),
        ProposerPolicyKind.fromGenesisName(text(root, "proposerPolicy")),
        Duration.ofSeconds(number(root, "starvingThresholdSeconds")),
        number(root, "blockRewardNano"),
        new Genesis.Timeouts(number(timeouts, "proposeMillis"), number(timeouts, "prevoteMillis"),
            number(timeouts, "precommitMillis"), number(timeouts, "roundIncrementMillis")),
        Math.toIntExact(number(root, "maxBlockTransactions")),
        Math.toIntExact(number(root, "maxBlockBytes")),
        catalog(field(root, "importantItems")),
        appState(root.get("appState")));
  }

  public static String write(Genesis genesis) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("chainId", genesis.chainId());
    root.put("channel", genesis.channel().id());
    root.put("genesisTime", Instant.ofEpochMilli(genesis.genesisTimeMillis()).toString());
    writeMembers(root.putArray("validators"), genesis.validators());
    writeMembers(root.putArray("submitters"), genesis.submitters());
    root.put("proposerPolicy", genesis.proposerPolicy().genesisName());
    root.put("starvingThresholdSeconds", genesis.starvingThreshold().toSeconds());
    root.put("blockRewardNano", genesis.blockRewardNano());
    ObjectNode timeouts = root.putObject("timeouts");
    timeouts.put("proposeMillis", genesis.timeouts().proposeMillis());
    timeouts.put("prevoteMillis", genesis.timeouts().prevoteMillis());
    timeouts.put("precommitMillis", genesis.timeouts().precommitMillis());
    timeouts.put("roundIncrementMillis", genesis.timeouts().roundIncrementMillis());
    root.put("maxBlockTransactions", genesis.maxBlockTransactions());
    root.put("maxBlockBytes", genesis.maxBlockBytes());
    ObjectNode items = root.putObject("importantItems");
    genesis.importantItemsByType().forEach((type, list) -> {
      ArrayNode array = items.putArray(type);
      list.forEach(item -> array.addObject().put("name", item.name()).put("fhirPath", item.fhirPath()));
    });
    if (!genesis.appState().isEmpty()) {
      ArrayNode state = root.putArray("appState");
      genesis.appState().forEach(entry -> state.addObject()
          .put("typeUrl", entry.typeUrl())
          .put("value", Base64.getEncoder().encodeToString(entry.value())));
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeMembers(ArrayNode array, List<Genesis.Member> members) {
    members.forEach(member -> array.addObject()
        .put("id", member.id())
        .put("publicKey", HexFormat.of().formatHex(member.publicKey().toByteArray())));
  }

  private static List<Genesis.Member> members(JsonNode root, String name) {
    JsonNode array = field(root, name);
    if (!array.isArray()) {
      throw new IllegalArgumentException(name + " must be an array");
    }
    List<Genesis.Member> members = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode member = array.get(i);
      String where = name + "[" + i + "]";
      if (!member.isObject()) {
        throw new IllegalArgumentException(where + " must be an object");
      }
      onlyKnownFields(member, Set.of("id", "publicKey"), where + ".");
      String key = text(member, "publicKey");
      try {
        members.add(new Genesis.Member(text(member, "id"),
            Ed25519PublicKey.create(HexFormat.of().parseHex(key))));
      } catch (IllegalArgumentException | InvalidKeyException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
    }
    return members;
  }

  /** The optional {@code appState}: typed entries, each {@code {"typeUrl", "value" (base64)}}, types distinct. */
  private static List<TypedPayload> appState(JsonNode node) {
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException("appState must be an array");
    }
    List<TypedPayload> entries = new ArrayList<>();
    Set<String> types = new java.util.HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode entry = node.get(i);
      String where = "appState[" + i + "]";
      if (!entry.isObject()) {
        throw new IllegalArgumentException(where + " must be an object");
      }
      onlyKnownFields(entry, Set.of("typeUrl", "value"), where + ".");
      try {
        TypedPayload payload = new TypedPayload(text(entry, "typeUrl"), Base64.getDecoder().decode(text(entry, "value")));
        if (!types.add(payload.typeUrl())) {
          throw new IllegalArgumentException("type " + payload.typeUrl() + " is listed twice");
        }
        entries.add(payload);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
    }
    return entries;
  }

  private static ItemCatalog catalog(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("importantItems must be an object of resource type to items");
    }
    Map<String, List<ImportantItem>> byType = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String where = "importantItems." + entry.getKey();
      if (!entry.getValue().isArray()) {
        throw new IllegalArgumentException(where + " must be an array");
      }
      List<ImportantItem> items = new ArrayList<>();
      for (JsonNode item : entry.getValue()) {
        if (!item.isObject()) {
          throw new IllegalArgumentException(where + " holds objects with name and fhirPath");
        }
        onlyKnownFields(item, Set.of("name", "fhirPath"), where + "[].");
        items.add(new ImportantItem(text(item, "name"), text(item, "fhirPath")));
      }
      byType.put(entry.getKey(), items);
    }
    return ItemCatalog.of(byType);
  }

  private static void onlyKnownFields(JsonNode node, Set<String> known, String prefix) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(prefix.isEmpty() ? "genesis must be an object" : prefix + " must be an object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown field " + prefix + name);
      }
    }
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing field " + name);
    }
    return value;
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(name + " must be a string");
    }
    return value.asText();
  }

  private static long number(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException(name + " must be a whole number");
    }
    return value.asLong();
  }

  private static long instant(JsonNode node, String name) {
    try {
      return Instant.parse(text(node, name)).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
    }
  }
}
