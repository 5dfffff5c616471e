package org.carechain.ehr.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.carechain.ehr.fhir.DefaultImportantItems;
import org.carechain.ehr.fhir.ItemMasks;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.RecordEvent.Operation;
import org.carechain.ledger.core.chain.RecordEvent.SecurityLabel;
import org.carechain.ledger.core.chain.Transaction;
import org.junit.jupiter.api.Test;

class RecordEventsTest {

  // As PostgreSQL prints jsonb: keys by length, then bytes.
  static final String PATIENT = "{\"id\": \"pat-17\", \"name\": [{\"given\": [\"Testa\"], \"family\": \"Sampleton\"}],"
      + " \"gender\": \"female\", \"birthDate\": \"1970-01-01\", \"identifier\": [{\"value\": \"mpi-00aa11bb\","
      + " \"system\": \"urn:carechain:mpi\"}], \"resourceType\": \"Patient\"}";
  static final String OBSERVATION = "{\"id\": \"obs-17-1\", \"code\": {\"coding\": [{\"code\": \"8867-4\","
      + " \"system\": \"http://loinc.org\"}]}, \"meta\": {\"security\": [{\"code\": \"R\", \"system\":"
      + " \"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\"}]}, \"status\": \"final\", \"subject\":"
      + " {\"reference\": \"Patient/pat-17\", \"identifier\": {\"value\": \"mpi-00aa11bb\", \"system\":"
      + " \"urn:carechain:mpi\"}}, \"resourceType\": \"Observation\", \"valueQuantity\": {\"unit\": \"/min\","
      + " \"value\": 72}}";

  private final ProviderKeys keys = ProviderKeys.create(filled(1), filled(2), filled(3));
  private final RecordEvents events = new RecordEvents("hospital1", keys, new ItemMasks(DefaultImportantItems.catalog()));
  private final Pseudonyms pseudonyms = new Pseudonyms(keys);

  @Test
  void aPatientMapsToItsEvent() {
    RecordChange change = new RecordChange(Operation.CREATE, "Patient", "pat-17", 1, PATIENT, "0/16B3748:0", 1_700_000_000_000L);
    Transaction transaction = events.toTransaction(change);
    assertEquals(Channel.EHR, transaction.channel());
    assertEquals("cdc/hospital1/0/16B3748:0", transaction.idempotencyKey());
    RecordEvent expected = new RecordEvent("hospital1", "Patient",
        pseudonyms.recordRef("hospital1", "Patient", "pat-17"), pseudonyms.patientRef("mpi-00aa11bb"),
        Operation.CREATE, ContentHash.forProvider(keys).of("Patient", "pat-17", 1, PATIENT),
        // birthDate and gender, no address or telecom.
        new byte[] {0b0011}, SecurityLabel.N, "0/16B3748:0", 1_700_000_000_000L);
    assertEquals(expected, transaction.payload());
  }

  @Test
  void anObservationMapsToItsEventWithItsLabelAndMask() {
    RecordChange change = new RecordChange(Operation.UPDATE, "Observation", "obs-17-1", 4, OBSERVATION, "0/16B3800:2", 5L);
    RecordEvent event = events.toEvent(change);
    assertEquals(pseudonyms.patientRef("mpi-00aa11bb"), event.patientRef());
    assertEquals(pseudonyms.recordRef("hospital1", "Observation", "obs-17-1"), event.recordRef());
    assertEquals(Operation.UPDATE, event.op());
    assertEquals(SecurityLabel.R, event.securityLabel());
    // code and value, no effective or interpretation.
    assertArrayEquals(new byte[] {0b0011}, event.itemMask());
    assertEquals(ContentHash.forProvider(keys).of("Observation", "obs-17-1", 4, OBSERVATION), event.contentHash());
    assertEquals(5L, event.committedAtMillis());
  }

  @Test
  void theSameChangeGivesAByteIdenticalTransaction() {
    RecordChange change = new RecordChange(Operation.DELETE, "Observation", "obs-17-1", 4, OBSERVATION, "0/16B3800:2", 5L);
    RecordEvents again = new RecordEvents("hospital1", ProviderKeys.create(filled(1), filled(2), filled(3)),
        new ItemMasks(DefaultImportantItems.catalog()));
    assertArrayEquals(events.toTransaction(change).canonicalBytes(), again.toTransaction(change).canonicalBytes());
    assertEquals(events.toTransaction(change).hash(), again.toTransaction(change).hash());
  }

  @Test
  void idempotencyKeysReplaceCharactersOutsideTheAllowedSet() {
    assertEquals("cdc/hospital_1/0/1:2", RecordEvents.idempotencyKey("hospital#1", "0/1:2"));
    assertEquals("cdc/h/a_b_c", RecordEvents.idempotencyKey("h", "a b+c"));
    assertThrows(IllegalArgumentException.class,
        () -> new RecordEvents("h".repeat(60), keys, new ItemMasks(DefaultImportantItems.catalog())));
  }

  @Test
  void aChangeWithoutAnMpiLinkIsRefusedWithoutQuotingIt() {
    String unlinked = OBSERVATION.replace("urn:carechain:mpi", "urn:other");
    RecordChange change = new RecordChange(Operation.CREATE, "Observation", "obs-17-1", 1, unlinked, "0/16B3800:2", 5L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> events.toTransaction(change));
    assertEquals("refused Observation change at 0/16B3800:2: its content carries no urn:carechain:mpi patient link",
        e.getMessage());
    assertKeepsContentOut(e, "obs-17-1", "mpi-00aa11bb", "pat-17", "8867-4");
  }

  @Test
  void aChangeOfAnotherTypeThanItsContentIsRefused() {
    RecordChange change = new RecordChange(Operation.CREATE, "Condition", "obs-17-1", 1, OBSERVATION, "0/16B3800:2", 5L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> events.toTransaction(change));
    assertEquals("refused Condition change at 0/16B3800:2: its content is not a Condition", e.getMessage());
    assertKeepsContentOut(e, "obs-17-1", "mpi-00aa11bb", "pat-17", "8867-4");
  }

  @Test
  void contentThatIsNotFhirIsRefusedWithoutHapisMessage() {
    String badDate = PATIENT.replace("1970-01-01", "Sampleton-secret-date");
    for (String content : new String[] {badDate, "{\"resourceType\": \"Patient\", \"gender\": ", "[]"}) {
      RecordChange change = new RecordChange(Operation.CREATE, "Patient", "pat-17", 1, content, "0/1:0", 5L);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> events.toTransaction(change));
      assertEquals("refused Patient change at 0/1:0: its content does not parse as a FHIR R4 resource", e.getMessage());
      assertKeepsContentOut(e, "pat-17", "mpi-00aa11bb", "Sampleton", "secret");
    }
  }

  /** Neither the message nor any cause may carry {@code secrets}. */
  static void assertKeepsContentOut(Throwable failure, String... secrets) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String text = t.getMessage() == null ? "" : t.getMessage();
      for (String secret : secrets) {
        assertFalse(text.contains(secret), "message leaks " + secret + ": " + text);
      }
      assertTrue(Arrays.stream(t.getSuppressed()).allMatch(s -> s.getMessage() == null), "suppressed exceptions");
    }
  }

  private static byte[] filled(int value) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) value);
    return key;
  }
}
