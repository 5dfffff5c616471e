package org.carechain.ehr.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.junit.jupiter.api.Test;

class PseudonymsTest {

  private static final HexFormat HEX = HexFormat.of();

  /**
   * HMAC-SHA-256 test cases 1 to 4, 6 and 7 of RFC 4231 ("Identifiers and Test Vectors for
   * HMAC-SHA-224, HMAC-SHA-256, HMAC-SHA-384, and HMAC-SHA-512", section 4.2 to 4.8), copied with
   * their case numbers. Case 5 tests truncated output, which pseudonyms never use.
   */
  private record Rfc4231Case(int number, String keyHex, String dataHex, String hmacSha256Hex) {}

  private static final List<Rfc4231Case> RFC_4231 = List.of(
      new Rfc4231Case(1, "0b".repeat(20), hex("Hi There"),
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
      new Rfc4231Case(2, hex("Jefe"), hex("what do ya want for nothing?"),
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
      new Rfc4231Case(3, "aa".repeat(20), "dd".repeat(50),
          "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
      new Rfc4231Case(4, "0102030405060708090a0b0c0d0e0f10111213141516171819", "cd".repeat(50),
          "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
      new Rfc4231Case(6, "aa".repeat(131), hex("Test Using Larger Than Block-Size Key - Hash Key First"),
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
      new Rfc4231Case(7, "aa".repeat(131), hex("This is a test using a larger than block-size key and a larger than "
          + "block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
          "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"));

  @Test
  void theMacIsHmacSha256PerRfc4231() {
    List<String> failures = new ArrayList<>();
    for (Rfc4231Case vector : RFC_4231) {
      byte[] mac = Pseudonyms.hmacSha256(HEX.parseHex(vector.keyHex())).doFinal(HEX.parseHex(vector.dataHex()));
      if (!HEX.formatHex(mac).equals(vector.hmacSha256Hex())) {
        failures.add("RFC 4231 case " + vector.number() + ": got " + HEX.formatHex(mac));
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void theSamePatientHasTheSamePseudonymAtEveryProvider() {
    SecureRandom random = new SecureRandom();
    ProviderKeys hospital1 = ProviderKeys.generate(random);
    ProviderKeys hospital2 = ProviderKeys.generate(random).withPatientKey(hospital1.patientKey());
    Pseudonyms one = new Pseudonyms(hospital1);
    Pseudonyms two = new Pseudonyms(hospital2);
    assertEquals(one.patientRef("mpi-0001"), two.patientRef("mpi-0001"));
    assertNotEquals(one.patientRef("mpi-0001"), one.patientRef("mpi-0002"));
    // Without the consortium's key, the pseudonyms of one patient do not match.
    assertNotEquals(one.patientRef("mpi-0001"), new Pseudonyms(ProviderKeys.generate(random)).patientRef("mpi-0001"));
  }

  @Test
  void recordPseudonymsDifferAcrossProvidersAndRecords() {
    byte[] shared = new byte[32];
    Pseudonyms one = new Pseudonyms(ProviderKeys.generate(new SecureRandom()).withPatientKey(shared));
    Pseudonyms two = new Pseudonyms(ProviderKeys.generate(new SecureRandom()).withPatientKey(shared));
    Hash record = one.recordRef("hospital1", "Observation", "obs-1");
    assertEquals(record, one.recordRef("hospital1", "Observation", "obs-1"));
    assertNotEquals(record, two.recordRef("hospital2", "Observation", "obs-1"));
    assertNotEquals(record, one.recordRef("hospital2", "Observation", "obs-1"));
    assertNotEquals(record, one.recordRef("hospital1", "Condition", "obs-1"));
    assertNotEquals(record, one.recordRef("hospital1", "Observation", "obs-2"));
  }

  @Test
  void pseudonymsAreHmacsOfTheCanonicalEncodingUnderTheRightKey() {
    byte[] salt = filled(1);
    byte[] recordKey = filled(2);
    byte[] patientKey = filled(3);
    Pseudonyms pseudonyms = new Pseudonyms(ProviderKeys.create(salt, recordKey, patientKey));
    byte[] recordMessage = CanonicalEncoder.forDomain("carechain/ehr/record-ref/v1")
        .writeString("hospital1").writeString("Patient").writeString("pat-1").toByteArray();
    assertArrayEquals(Pseudonyms.hmacSha256(recordKey).doFinal(recordMessage),
        pseudonyms.recordRef("hospital1", "Patient", "pat-1").toByteArray());
    byte[] patientMessage = CanonicalEncoder.forDomain("carechain/ehr/patient-ref/v1").writeString("mpi-1").toByteArray();
    assertArrayEquals(Pseudonyms.hmacSha256(patientKey).doFinal(patientMessage),
        pseudonyms.patientRef("mpi-1").toByteArray());
  }

  @Test
  void threadsAgree() throws Exception {
    Pseudonyms pseudonyms = new Pseudonyms(ProviderKeys.create(filled(1), filled(2), filled(3)));
    Hash expected = pseudonyms.patientRef("mpi-42");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> {
          for (int i = 0; i < 2000; i++) {
            if (!pseudonyms.patientRef("mpi-42").equals(expected)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertEquals(true, result.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  private static byte[] filled(int value) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) value);
    return key;
  }

  private static String hex(String ascii) {
    return HEX.formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
  }
}
