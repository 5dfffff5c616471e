package org.carechain.ehr.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.carechain.crypto.Hash;
import org.carechain.ehr.exchange.ExchangeBundle.Entry;
import org.carechain.ehr.exchange.ExchangeBundle.Parsed;
import org.carechain.ehr.fhir.Fhir;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

class ExchangeBundleTest {

  static final byte[] SALT = new byte[32];

  static {
    for (int i = 0; i < SALT.length; i++) {
      SALT[i] = (byte) (0xa0 + i);
    }
  }

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123Z");

  /** Texts as PostgreSQL prints jsonb: ", " and ": " separators, keys by length, non-ASCII as is. */
  static final String OBSERVATION = "{\"id\": \"obs-1\", \"code\": {\"text\": \"Blutdruck \\\"systolisch\\\" \u2013 "
      + "Gr\u00fc\u00dfe \u2713 \ud83d\ude00 \\\\ \\n \\u0001 \\/\"}, \"status\": \"final\", "
      + "\"valueQuantity\": {\"unit\": \"mm[Hg]\", \"value\": 120.50}, \"resourceType\": \"Observation\"}";
  static final String CONDITION = "{\"id\": \"cond-7\", \"note\": [{\"text\": \"}{][\\\"\"}], "
      + "\"resourceType\": \"Condition\"}";
  static final String PATIENT = "{\"id\": \"p.1\", \"resourceType\": \"Patient\"}";

  static final List<Entry> ENTRIES = List.of(
      new Entry("Observation", "obs-1", 2, ref("obs-1"), OBSERVATION),
      new Entry("Condition", "cond-7", 1, ref("cond-7"), CONDITION),
      new Entry("Patient", "p.1", 5, ref("p.1"), PATIENT));

  static Hash ref(String name) {
    return Hash.sha256(("record " + name).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void roundTripGivesBackTheExactTexts() {
    String json = ExchangeBundle.write(SALT, ENTRIES, NOW);
    Parsed parsed = ExchangeBundle.parse(json);

    assertArrayEquals(SALT, parsed.contentSalt());
    assertEquals(ENTRIES, parsed.entries());
    for (int i = 0; i < ENTRIES.size(); i++) {
      assertEquals(ENTRIES.get(i).jsonbText(), parsed.entries().get(i).jsonbText(), "entry " + i);
    }
    assertEquals(parsed, ExchangeBundle.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void writesTheDocumentedShape() throws Exception {
    String json = ExchangeBundle.write(SALT, ENTRIES.subList(0, 1), NOW);
    String expected = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"timestamp\":\"2026-03-01T12:00:00.123Z\","
        + "\"meta\":{\"extension\":[{\"url\":\"https://carechain.org/fhir/StructureDefinition/content-salt\","
        + "\"valueBase64Binary\":\"" + Base64.getEncoder().encodeToString(SALT) + "\"}]},"
        + "\"entry\":[{\"fullUrl\":\"urn:carechain:record:" + ref("obs-1").toHex() + "\","
        + "\"extension\":[{\"url\":\"https://carechain.org/fhir/StructureDefinition/record-id\",\"valueString\":\"Observation/obs-1\"},"
        + "{\"url\":\"https://carechain.org/fhir/StructureDefinition/record-version\",\"valueInteger\":2}],"
        + "\"resource\":" + OBSERVATION + "}]}";
    assertEquals(expected, json);
    JsonNode tree = JsonMapper.builder().build().readTree(json);
    assertEquals("Observation", tree.at("/entry/0/resource/resourceType").asText());
  }

  @Test
  void hapiFhirReadsItAsAnR4Bundle() {
    Bundle bundle = (Bundle) Fhir.parse(ExchangeBundle.write(SALT, ENTRIES, NOW));
    assertEquals(Bundle.BundleType.COLLECTION, bundle.getType());
    assertEquals(3, bundle.getEntry().size());
    assertEquals("urn:carechain:record:" + ref("obs-1").toHex(), bundle.getEntry().get(0).getFullUrl());
    Observation observation = (Observation) bundle.getEntry().get(0).getResource();
    assertTrue(observation.getCode().getText().contains("\"systolisch\""));
    assertEquals("Observation/obs-1",
        bundle.getEntry().get(0).getExtensionByUrl(ExchangeBundle.RECORD_ID_URL).getValue().primitiveValue());
  }

  @Test
  void anEmptyBundleHasNoEntryElement() {
    String json = ExchangeBundle.write(SALT, List.of(), NOW);
    assertFalse(json.contains("\"entry\""));
    assertEquals(List.of(), ExchangeBundle.parse(json).entries());
  }

  @Test
  void resourcesAreCutExactlyAcrossParserBufferBoundaries() {
    // Long and many resources, so that offsets cross the parser's buffer refills (4,000 chars) and
    // the whole text exceeds the length above which Jackson reads a String through a Reader.
    SplittableRandom random = new SplittableRandom(7);
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(0, 9_000);
      for (int j = 0; j < length; j++) {
        text.append(switch (random.nextInt(8)) {
          case 0 -> "\\\"";
          case 1 -> "\u00e9";
          case 2 -> "\ud83e\udec0";
          case 3 -> "\\u00e9";
          case 4 -> "}";
          default -> (char) ('a' + random.nextInt(26));
        });
      }
      String jsonb = "{\"id\": \"r" + i + "\", \"note\": [{\"text\": \"" + text + "\"}], \"resourceType\": \"Observation\"}";
      entries.add(new Entry("Observation", "r" + i, 1 + i, ref("r" + i), jsonb));
    }
    String json = ExchangeBundle.write(SALT, entries, NOW);
    assertTrue(json.length() > 100_000);
    assertEquals(entries, ExchangeBundle.parse(json).entries());
    assertEquals(entries, ExchangeBundle.parse(json.getBytes(StandardCharsets.UTF_8)).entries());
  }

  @Test
  void otherElementsAndAnyFieldOrderAreAccepted() {
    String json = "{\"entry\":[{\"resource\":" + PATIENT + ",\"search\":{\"mode\":\"match\"},"
        + "\"extension\":[{\"valueInteger\":5,\"url\":\"" + ExchangeBundle.RECORD_VERSION_URL + "\"},"
        + "{\"url\":\"https://example.org/other\",\"valueCoding\":{\"code\":\"x\"}},"
        + "{\"url\":\"" + ExchangeBundle.RECORD_ID_URL + "\",\"valueString\":\"Patient/p.1\"}],"
        + "\"fullUrl\":\"urn:carechain:record:" + ref("p.1").toHex() + "\"}],"
        + "\"id\":\"b1\",\"type\":\"collection\",\"meta\":{\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"extension\":[{"
        + "\"url\":\"" + ExchangeBundle.CONTENT_SALT_URL + "\",\"valueBase64Binary\":\""
        + Base64.getEncoder().encodeToString(SALT) + "\"}]},\n  \"resourceType\":\"Bundle\"}\n";
    Parsed parsed = ExchangeBundle.parse(json);
    assertEquals(List.of(ENTRIES.get(2)), parsed.entries());
  }

  @Test
  void writeRefusesWhatWouldNotRoundTrip() {
    assertThrows(IllegalArgumentException.class, () -> ExchangeBundle.write(new byte[31], ENTRIES, NOW));
    assertRefusedOnWrite(" " + PATIENT, "entry 0");
    assertRefusedOnWrite(PATIENT + " ", "entry 0");
    assertRefusedOnWrite(PATIENT + ", \"resourceType\": \"x\"}", "entry 0");
    assertRefusedOnWrite("[1, 2]", "entry 0");
    assertRefusedOnWrite("{\"id\": ", "entry 0");
    assertRefusedOnWrite("{\"a\": 1, \"a\": 2}", "entry 0");
    List<Entry> repeated = List.of(ENTRIES.get(0), new Entry("Patient", "p.1", 1, ENTRIES.get(0).recordRef(), PATIENT));
    assertMessage(assertThrows(IllegalArgumentException.class, () -> ExchangeBundle.write(SALT, repeated, NOW)),
        "entry 1");
  }

  @Test
  void entriesRefuseNonFhirNamesAndBrokenText() {
    Hash ref = ref("x");
    assertThrows(IllegalArgumentException.class, () -> new Entry("observation", "a", 1, ref, PATIENT));
    assertThrows(IllegalArgumentException.class, () -> new Entry("Observation", "a/b", 1, ref, PATIENT));
    assertThrows(IllegalArgumentException.class, () -> new Entry("Observation", "", 1, ref, PATIENT));
    assertThrows(IllegalArgumentException.class, () -> new Entry("Observation", "a".repeat(65), 1, ref, PATIENT));
    assertThrows(IllegalArgumentException.class, () -> new Entry("Observation", "a", 0, ref, PATIENT));
    assertThrows(IllegalArgumentException.class, () -> new Entry("Observation", "a", 1, ref, "{\"x\": \"\ud800\"}"));
    assertFalse(new Entry("Observation", "secret-id", 1, ref, PATIENT).toString().contains("secret-id"));
    assertFalse(new Entry("Observation", "a", 1, ref, PATIENT).toString().contains("Patient"));
  }

  @Test
  void malformedBundlesAreRefusedNamingTheFieldNotTheContent() {
    String good = ExchangeBundle.write(SALT, ENTRIES, NOW);
    String salt = Base64.getEncoder().encodeToString(SALT);
    String obsUrl = "urn:carechain:record:" + ref("obs-1").toHex();

    assertRefused("[]", "bundle", "object");
    assertRefused("{\"resourceType\":\"Bundle\"", "bundle", "JSON");
    assertRefused(good + "{}", "bundle", "after");
    assertRefused(good.replace("\"resourceType\":\"Bundle\"", "\"resourceType\":\"Secret\""), "bundle", "resourceType");
    assertRefused(good.replace("\"resourceType\":\"Bundle\",", ""), "bundle", "resourceType");
    assertRefused(good.replace("\"type\":\"collection\"", "\"type\":\"searchset\""), "bundle", "type");
    assertRefused(good.replace("\"type\":\"collection\"", "\"type\":7"), "bundle", "type");
    assertRefused(good.replace(ExchangeBundle.CONTENT_SALT_URL, "https://example.org/x"), "bundle", "content-salt");
    assertRefused(good.replace(salt, Base64.getEncoder().encodeToString(new byte[31])), "bundle.meta", "32 bytes");
    assertRefused(good.replace(salt, "%%%"), "bundle.meta", "base64");
    assertRefused(good.replace("\"valueBase64Binary\":\"" + salt + "\"", "\"valueBase64Binary\":5"),
        "bundle.meta", "valueBase64Binary");
    assertRefused(good.replace("\"meta\":{", "\"meta\":{\"extension\":[],\"tag\":[],\"x\":1,\"extension\":1,"),
        "bundle", "repeats a key");
    assertRefused(good.replace("\"type\":\"collection\",", "\"type\":\"collection\",\"type\":\"collection\","),
        "bundle", "repeats a key");
    assertRefused(good.replace(obsUrl, obsUrl.toUpperCase().replace("URN:CARECHAIN:RECORD:", "urn:carechain:record:")),
        "entry 0", "fullUrl");
    assertRefused(good.replace(obsUrl, "urn:uuid:secret-value"), "entry 0", "fullUrl");
    assertRefused(good.replace("\"fullUrl\":\"" + obsUrl + "\",", ""), "entry 0", "fullUrl is missing");
    assertRefused(good.replace("urn:carechain:record:" + ref("cond-7").toHex(), obsUrl), "entry 1", "repeats");
    assertRefused(good.replace("Condition/cond-7", "Condition-cond-7"), "entry 1", "Type/id");
    assertRefused(good.replace("Condition/cond-7", "condition/cond-7"), "entry 1", "type name");
    assertRefused(good.replace("Condition/cond-7", "Condition/secret value"), "entry 1", "FHIR id");
    assertRefused(good.replace("\"valueString\":\"Patient/p.1\"", "\"valueCode\":\"Patient/p.1\",\"valueString\":\"x\""),
        "entry 2, extension 0", "more than one value");
    assertRefused(good.replace("\"valueString\":\"Patient/p.1\"", "\"valueString\":7"), "entry 2", "valueString");
    assertRefused(good.replace("\"valueInteger\":5", "\"valueInteger\":0"), "entry 2", "version");
    assertRefused(good.replace("\"valueInteger\":5", "\"valueInteger\":4294967296"), "entry 2", "version");
    assertRefused(good.replace("\"valueInteger\":5", "\"valueInteger\":99999999999999999999999"), "entry 2", "valueInteger");
    assertRefused(good.replace("\"valueInteger\":5", "\"valueInteger\":\"5\""), "entry 2", "valueInteger");
    assertRefused(good.replace("\"valueInteger\":5", "\"valueInteger\":5.0"), "entry 2", "valueInteger");
    assertRefused(good.replace(ExchangeBundle.RECORD_VERSION_URL, ExchangeBundle.RECORD_ID_URL), "entry 0",
        "appears twice");
    assertRefused(good.replace(",{\"url\":\"" + ExchangeBundle.RECORD_VERSION_URL + "\",\"valueInteger\":5}", ""),
        "entry 2", "record-version extension is missing");
    assertRefused(good.replace("\"resource\":" + CONDITION, "\"resource\":[\"Condition\"]"), "entry 1", "resource");
    assertRefused(good.replace("\"resource\":" + CONDITION, "\"rsrc\":" + CONDITION), "entry 1", "resource is missing");
    assertRefused(good.replace("\"valueQuantity\"", "\"code\""), "entry 0", "repeats a key");
    assertRefused(good.replace("120.50}", "120.50,}"), "entry 0", "JSON");
    assertRefused(good.replace("\"entry\":[", "\"entry\":[7,"), "entry 0", "object");
    assertRefused(good.replace("\"entry\":[", "\"entry\":{\"x\":["), "bundle.entry", "array");
    String noEntries = ExchangeBundle.write(SALT, List.of(), NOW);
    assertRefused(noEntries.substring(0, noEntries.length() - 1) + ",\"entry\":[]}", "bundle", "empty");
  }

  @Test
  void malformedUtf8IsRefused() {
    byte[] bytes = ExchangeBundle.write(SALT, ENTRIES, NOW).getBytes(StandardCharsets.UTF_8);
    bytes[bytes.length / 2] = (byte) 0xff;
    assertMessage(assertThrows(IllegalArgumentException.class, () -> ExchangeBundle.parse(bytes)), "UTF-8");
  }

  @Test
  void atMostTenThousandEntries() {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i <= ExchangeBundle.MAX_ENTRIES; i++) {
      entries.add(new Entry("Patient", "p" + i, 1, ref("p" + i), "{}"));
    }
    assertThrows(IllegalArgumentException.class, () -> ExchangeBundle.write(SALT, entries, NOW));
    String most = ExchangeBundle.write(SALT, entries.subList(0, ExchangeBundle.MAX_ENTRIES), NOW);
    assertEquals(ExchangeBundle.MAX_ENTRIES, ExchangeBundle.parse(most).entries().size());

    String extra = ",{\"fullUrl\":\"urn:carechain:record:" + ref("extra").toHex() + "\",\"extension\":[{\"url\":\""
        + ExchangeBundle.RECORD_ID_URL + "\",\"valueString\":\"Patient/x\"},{\"url\":\"" + ExchangeBundle.RECORD_VERSION_URL
        + "\",\"valueInteger\":1}],\"resource\":{}}";
    String tooMany = most.substring(0, most.length() - 2) + extra + "]}";
    assertMessage(assertThrows(IllegalArgumentException.class, () -> ExchangeBundle.parse(tooMany)), "10000 entries");
  }

  private static void assertRefusedOnWrite(String jsonbText, String where) {
    List<Entry> entries = List.of(new Entry("Patient", "p.1", 1, ref("p.1"), jsonbText));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ExchangeBundle.write(SALT, entries, NOW), jsonbText);
    assertMessage(e, where);
    assertFalse(e.getMessage().contains("resourceType") || e.getMessage().contains("\"a\""), e.getMessage());
  }

  private static void assertRefused(String json, String where, String what) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExchangeBundle.parse(json), json);
    assertMessage(e, where);
    assertTrue(e.getMessage().contains(what), "expected '" + what + "' in: " + e.getMessage());
    assertEquals(null, e.getCause(), "no cause, whose message could quote the input");
  }

  /** The message names {@code where} and quotes nothing of the records or the salt. */
  private static void assertMessage(IllegalArgumentException e, String where) {
    String message = e.getMessage();
    assertTrue(message.startsWith(where + ":") || message.contains(where), "expected '" + where + "' in: " + message);
    for (String secret : List.of("obs-1", "cond-7", "p.1", "systolisch", "secret", "Secret", "final",
        Base64.getEncoder().encodeToString(SALT), ref("obs-1").toHex(), "searchset", "Condition-", "%%%")) {
      assertFalse(message.contains(secret), "message quotes '" + secret + "': " + message);
    }
  }
}
