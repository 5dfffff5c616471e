package org.carechain.ehr.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;
import org.carechain.crypto.Hash;
import org.carechain.ehr.db.EhrSchema;
import org.carechain.ehr.db.TestDatabase;
import org.carechain.ehr.seed.SyntheticPopulation;
import org.carechain.ehr.seed.SyntheticResource;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class ContentHashTest {

  private static final byte[] SALT = new byte[32];

  static {
    for (int i = 0; i < SALT.length; i++) {
      SALT[i] = (byte) i;
    }
  }

  private final ContentHash hasher = ContentHash.withSalt(SALT);

  @Test
  void knownAnswerPinsTheEncoding() throws Exception {
    String content = "{\"id\": \"o1\", \"resourceType\": \"Observation\"}";
    // The bytes CanonicalEncoder is documented to write, built by hand: 4-byte big-endian length
    // before the tag, the salt, each string and the content; the version as 4 bytes.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    framed(out, "carechain/ehr/content/v1".getBytes(StandardCharsets.US_ASCII));
    framed(out, SALT);
    framed(out, "Observation".getBytes(StandardCharsets.UTF_8));
    framed(out, "o1".getBytes(StandardCharsets.UTF_8));
    out.writeInt(3);
    framed(out, content.getBytes(StandardCharsets.UTF_8));
    byte[] expectedBytes = bytes.toByteArray();
    Hash expected = Hash.of(MessageDigest.getInstance("SHA-256").digest(expectedBytes));

    assertArrayEquals(expectedBytes, ContentHash.canonicalEncoding(SALT, "Observation", "o1", 3, content));
    assertEquals(expected, hasher.of("Observation", "o1", 3, content));
    // Pinned (also computed with Python hashlib over the same bytes), so that a change to either
    // side or to CanonicalEncoder shows up here.
    assertEquals("e749f1b92f17fa9be9d80d47239a724605cfd6f0d437826749fc2ab4d66ffecb", expected.toHex());
  }

  @RepeatedTest(50)
  void theFastPathAgreesWithTheCanonicalEncoder(RepetitionInfo repetition) {
    long seed = 0x5eed_0000L + repetition.getCurrentRepetition();
    SplittableRandom random = new SplittableRandom(seed);
    byte[] salt = new byte[32];
    random.nextBytes(salt);
    String type = randomText(random, 20);
    String id = randomText(random, 64);
    int version = random.nextInt();
    String content = randomText(random, 3000);
    assertEquals(Hash.sha256(ContentHash.canonicalEncoding(salt, type, id, version, content)),
        ContentHash.withSalt(salt).of(type, id, version, content), "seed " + seed);
  }

  @Test
  void everyFieldCounts() {
    Hash base = hasher.of("Observation", "o1", 1, "{}");
    assertNotEquals(base, hasher.of("Observation", "o2", 1, "{}"));
    assertNotEquals(base, hasher.of("Condition", "o1", 1, "{}"));
    assertNotEquals(base, hasher.of("Observation", "o1", 2, "{}"));
    assertNotEquals(base, hasher.of("Observation", "o1", 1, "{} "));
    byte[] otherSalt = SALT.clone();
    otherSalt[31] ^= 1;
    assertNotEquals(base, ContentHash.withSalt(otherSalt).of("Observation", "o1", 1, "{}"));
    // Framing: moving a character from one field to the next changes the hash.
    assertNotEquals(hasher.of("Observation", "o1x", 1, "{}"), hasher.of("Observation", "o1", 1, "x{}"));
  }

  @Test
  void unpairedSurrogatesAndShortSaltsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> hasher.of("Observation", "o1", 1, "{\"a\": \"\ud800\"}"));
    assertThrows(IllegalArgumentException.class, () -> ContentHash.withSalt(new byte[16]));
    // A pair is fine, and hashes as its UTF-8.
    assertEquals(hasher.of("Observation", "o1", 1, "\ud83d\ude00".getBytes(StandardCharsets.UTF_8)),
        hasher.of("Observation", "o1", 1, "\ud83d\ude00"));
  }

  @Test
  void theHashIsOverPostgresqlsJsonbTextWhichJavaAndSqlComputeAlike() throws SQLException {
    SyntheticResource resource = new SyntheticPopulation(3).resources("hospital1", 1).get(2);
    try (TestDatabase test = TestDatabase.create(); Connection connection = test.connect()) {
      EhrSchema.apply(connection);
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO fhir_resource"
          + " (res_type, res_id, res_ver, patient_id, content) VALUES (?, ?, 1, ?, ?::jsonb)")) {
        insert.setString(1, resource.resourceType());
        insert.setString(2, resource.id());
        insert.setString(3, resource.patientId());
        insert.setString(4, resource.json());
        insert.executeUpdate();
      }
      String sql = "SELECT content::text, content::text, sha256("
          + " int4send(24) || convert_to('carechain/ehr/content/v1', 'UTF8')"
          + " || int4send(32) || ?::bytea"
          + " || int4send(octet_length(convert_to(res_type, 'UTF8'))) || convert_to(res_type, 'UTF8')"
          + " || int4send(octet_length(convert_to(res_id, 'UTF8'))) || convert_to(res_id, 'UTF8')"
          + " || int4send(res_ver)"
          + " || int4send(octet_length(convert_to(content::text, 'UTF8'))) || convert_to(content::text, 'UTF8')),"
          + " (content::text)::jsonb::text = content::text"
          + " FROM fhir_resource";
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        select.setBytes(1, SALT);
        try (ResultSet row = select.executeQuery()) {
          row.next();
          String jsonbText = row.getString(1);
          byte[] rawBytes = row.getBytes(2);
          Hash inSql = Hash.of(row.getBytes(3));
          assertNotEquals(resource.json(), jsonbText, "jsonb normalises the text HAPI wrote");
          assertEquals(inSql, hasher.of(resource.resourceType(), resource.id(), 1, jsonbText));
          assertEquals(inSql, hasher.of(resource.resourceType(), resource.id(), 1, rawBytes));
          assertNotEquals(inSql, hasher.of(resource.resourceType(), resource.id(), 1, resource.json()),
              "hashing one's own JSON instead of the database's gives another hash");
          assertEquals(true, row.getBoolean(4), "jsonb text is a fixed point: stored again, it reads back the same");
        }
      }
    }
  }

  private static void framed(DataOutputStream out, byte[] value) throws IOException {
    out.writeInt(value.length);
    out.write(value);
  }

  private static String randomText(SplittableRandom random, int maxLength) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(10);
      if (kind < 7) {
        text.append((char) (0x20 + random.nextInt(0x5f)));
      } else if (kind < 9) {
        text.append((char) (0xa0 + random.nextInt(0xd000)));
      } else {
        text.appendCodePoint(0x1f600 + random.nextInt(80));
      }
    }
    return text.toString();
  }
}
