package org.carechain.ehr.seed;

import ca.uhn.fhir.parser.IParser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.carechain.ehr.fhir.Fhir;
import org.carechain.ehr.fhir.PatientLinks;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Seeded further changes to a seeded database, for tests and benchmarks: updates, deletes, and new
 * resources for existing patients.
 *
 * <ul>
 *   <li>An update changes a record's content (a new observation value, an optional item added or
 *       dropped), sets {@code res_ver} to one more, and sets {@code last_updated}, {@code
 *       meta.versionId} and {@code meta.lastUpdated} to match.
 *   <li>A delete removes a record that is not a Patient.
 *   <li>An insert adds an Observation, Condition or MedicationRequest, at version 1, for an existing
 *       patient.
 * </ul>
 *
 * <p>Changes are committed {@link Options#batchSize} at a time (1: each in its own transaction), at
 * most {@link Options#changesPerSecond} a second if that is positive. Given the same seed and the same
 * database, the same changes are chosen; only the timestamps differ.
 */
public final class ChangeWorkload {

  private static final List<String> NEW_RESOURCE_TYPES = List.of("Observation", "Condition", "MedicationRequest");

  private final Options options;
  private final SplittableRandom random;
  private final ClinicalFactory factory = new ClinicalFactory("workload", Completeness.uniform(0.8));
  private final IParser parser = Fhir.jsonParser();
  private final Map<String, String> mpiIdByPatient = new HashMap<>();
  private long inserted;

  /** How a workload runs. */
  public record Options(long seed, int batchSize, double changesPerSecond, int updateWeight, int deleteWeight,
      int insertWeight) {
    public Options {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
      }
      if (changesPerSecond < 0 || Double.isNaN(changesPerSecond)) {
        throw new IllegalArgumentException("changes per second must be 0 (unlimited) or more");
      }
      if (updateWeight < 0 || deleteWeight < 0 || insertWeight < 0 || updateWeight + deleteWeight + insertWeight == 0) {
        throw new IllegalArgumentException("operation weights must be non-negative and not all zero");
      }
    }

    /** 60% updates, 20% deletes, 20% inserts, one change per transaction, no rate limit. */
    public static Options defaults(long seed) {
      return new Options(seed, 1, 0, 6, 2, 2);
    }

    public Options withBatchSize(int size) {
      return new Options(seed, size, changesPerSecond, updateWeight, deleteWeight, insertWeight);
    }

    public Options withRate(double perSecond) {
      return new Options(seed, batchSize, perSecond, updateWeight, deleteWeight, insertWeight);
    }

    public Options withWeights(int updates, int deletes, int inserts) {
      return new Options(seed, batchSize, changesPerSecond, updates, deletes, inserts);
    }
  }

  /** What a run did. */
  public record Counts(long updates, long deletes, long inserts, long transactions) {
    public long changes() {
      return updates + deletes + inserts;
    }
  }

  public ChangeWorkload(Options options) {
    this.options = Objects.requireNonNull(options, "options");
    this.random = new SplittableRandom(options.seed());
  }

  /**
   * Makes {@code changes} changes to the database behind {@code connection}.
   *
   * @throws IllegalStateException if the database holds no patient to change
   */
  public Counts run(Connection connection, int changes) throws SQLException, InterruptedException {
    if (changes < 0) {
      throw new IllegalArgumentException("number of changes must not be negative, got " + changes);
    }
    Rows rows = Rows.load(connection);
    if (rows.patients.isEmpty()) {
      throw new IllegalStateException("the database holds no Patient to change records of; seed it first");
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    long updates = 0;
    long deletes = 0;
    long inserts = 0;
    long transactions = 0;
    long started = System.nanoTime();
    try {
      for (int done = 0; done < changes; ) {
        int batch = Math.min(options.batchSize(), changes - done);
        for (int i = 0; i < batch; i++) {
          switch (nextOperation(rows)) {
            case UPDATE -> {
              update(connection, rows.pick(random, true));
              updates++;
            }
            case DELETE -> {
              delete(connection, rows.removeRandomRecord(random));
              deletes++;
            }
            case INSERT -> {
              rows.add(insert(connection, rows));
              inserts++;
            }
          }
        }
        connection.commit();
        transactions++;
        done += batch;
        pace(started, done);
      }
    } catch (SQLException | RuntimeException | InterruptedException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
    return new Counts(updates, deletes, inserts, transactions);
  }

  private enum Op { UPDATE, DELETE, INSERT }

  private Op nextOperation(Rows rows) {
    int deleteWeight = rows.records.isEmpty() ? 0 : options.deleteWeight();
    int total = options.updateWeight() + deleteWeight + options.insertWeight();
    if (total == 0) {
      return Op.INSERT;
    }
    int draw = random.nextInt(total);
    if (draw < options.updateWeight()) {
      return Op.UPDATE;
    }
    return draw < options.updateWeight() + deleteWeight ? Op.DELETE : Op.INSERT;
  }

  private void pace(long startedNanos, int done) throws InterruptedException {
    if (options.changesPerSecond() <= 0) {
      return;
    }
    long due = startedNanos + (long) (done * 1e9 / options.changesPerSecond());
    long wait = due - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private void update(Connection connection, Key key) throws SQLException {
    int version;
    String content;
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT res_ver, content::text FROM fhir_resource WHERE res_type = ? AND res_id = ? FOR UPDATE")) {
      select.setString(1, key.type());
      select.setString(2, key.id());
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("a " + key.type() + " row vanished while the workload ran");
        }
        version = row.getInt(1);
        content = row.getString(2);
      }
    }
    Resource resource = (Resource) Fhir.parse(content);
    mutate(resource);
    long now = System.currentTimeMillis();
    resource.getMeta().setVersionId(Integer.toString(version + 1)).setLastUpdatedElement(ClinicalFactory.instant(now));
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE fhir_resource SET res_ver = ?, content = ?::jsonb, last_updated = ? WHERE res_type = ? AND res_id = ?")) {
      update.setInt(1, version + 1);
      update.setString(2, parser.encodeResourceToString(resource));
      update.setTimestamp(3, new Timestamp(now));
      update.setString(4, key.type());
      update.setString(5, key.id());
      update.executeUpdate();
    }
  }

  /** Changes something an important item or a clinician would see. */
  private void mutate(Resource resource) {
    if (resource instanceof Patient patient) {
      if (patient.hasTelecom()) {
        patient.getTelecom().clear();
      } else {
        patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE)
            .setValue(String.format("+1-555-01%02d", random.nextInt(100)));
      }
    } else if (resource instanceof Observation observation) {
      observation.setStatus(Observation.ObservationStatus.AMENDED);
      String loinc = observation.getCode().getCodingFirstRep().getCode();
      CodeTables.Measurement measurement = CodeTables.MEASUREMENTS.stream()
          .filter(candidate -> candidate.loinc().equals(loinc))
          .findFirst().orElse(CodeTables.MEASUREMENTS.get(0));
      observation.setValue(new Quantity().setValue(ClinicalFactory.value(random, measurement))
          .setUnit(measurement.unit()).setSystem(CodeTables.UCUM).setCode(measurement.unit()));
    } else if (resource instanceof Condition condition) {
      condition.setSeverity(condition.hasSeverity() ? null
          : ClinicalFactory.concept(CodeTables.SNOMED, ClinicalFactory.pick(random, CodeTables.SEVERITIES)));
    } else if (resource instanceof Encounter encounter) {
      encounter.setStatus(encounter.getStatus() == Encounter.EncounterStatus.FINISHED
          ? Encounter.EncounterStatus.ENTEREDINERROR : Encounter.EncounterStatus.FINISHED);
    } else if (resource instanceof MedicationRequest request) {
      request.setStatus(request.getStatus() == MedicationRequest.MedicationRequestStatus.ACTIVE
          ? MedicationRequest.MedicationRequestStatus.STOPPED : MedicationRequest.MedicationRequestStatus.ACTIVE);
    } else if (resource instanceof AllergyIntolerance allergy) {
      allergy.setCriticality(allergy.getCriticality() == AllergyIntolerance.AllergyIntoleranceCriticality.HIGH
          ? AllergyIntolerance.AllergyIntoleranceCriticality.LOW : AllergyIntolerance.AllergyIntoleranceCriticality.HIGH);
    } else if (resource instanceof DiagnosticReport report) {
      report.setConclusion(report.hasConclusion() ? null : ClinicalFactory.pick(random, CodeTables.CONCLUSIONS));
    } else {
      // The new meta.versionId and meta.lastUpdated already change the content.
      resource.getMeta().setSource("urn:carechain:workload");
    }
  }

  private void delete(Connection connection, Key key) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM fhir_resource WHERE res_type = ? AND res_id = ?")) {
      delete.setString(1, key.type());
      delete.setString(2, key.id());
      delete.executeUpdate();
    }
  }

  private Key insert(Connection connection, Rows rows) throws SQLException {
    String patientId = rows.patients.get(random.nextInt(rows.patients.size()));
    Reference subject = PatientLinks.reference(patientId, mpiIdOf(connection, patientId));
    String type = ClinicalFactory.pick(random, NEW_RESOURCE_TYPES);
    String id;
    do {
      id = "w" + Long.toString(random.nextLong() >>> 1, 36) + "-" + ++inserted;
    } while (rows.exists(new Key(type, id)));
    long now = System.currentTimeMillis();
    Resource resource = switch (type) {
      case "Observation" -> factory.observation(random, id, subject, null, now);
      case "Condition" -> factory.condition(random, id, subject, null, now);
      default -> factory.medicationRequest(random, id, subject, null, now);
    };
    resource.getMeta().setVersionId("1").setLastUpdatedElement(ClinicalFactory.instant(now));
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO fhir_resource"
        + " (res_type, res_id, res_ver, patient_id, content, last_updated) VALUES (?, ?, 1, ?, ?::jsonb, ?)")) {
      insert.setString(1, type);
      insert.setString(2, id);
      insert.setString(3, patientId);
      insert.setString(4, parser.encodeResourceToString(resource));
      insert.setTimestamp(5, new Timestamp(now));
      insert.executeUpdate();
    }
    return new Key(type, id);
  }

  private String mpiIdOf(Connection connection, String patientId) throws SQLException {
    String known = mpiIdByPatient.get(patientId);
    if (known != null) {
      return known;
    }
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT content::text FROM fhir_resource WHERE res_type = 'Patient' AND res_id = ?")) {
      select.setString(1, patientId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("a Patient row vanished while the workload ran");
        }
        String mpiId = PatientLinks.mpiId(Fhir.parse(row.getString(1)))
            .orElseThrow(() -> new IllegalStateException("a Patient row carries no MPI id"));
        mpiIdByPatient.put(patientId, mpiId);
        return mpiId;
      }
    }
  }

  private record Key(String type, String id) {}

  /** The keys of the rows, in a fixed order so that a seed picks the same ones. */
  private static final class Rows {
    final List<String> patients = new ArrayList<>();
    final List<Key> records = new ArrayList<>();
    final Set<Key> all = new HashSet<>();

    static Rows load(Connection connection) throws SQLException {
      Rows rows = new Rows();
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT res_type, res_id FROM fhir_resource ORDER BY res_type, res_id")) {
        while (row.next()) {
          rows.add(new Key(row.getString(1), row.getString(2)));
        }
      }
      return rows;
    }

    void add(Key key) {
      all.add(key);
      if (key.type().equals("Patient")) {
        patients.add(key.id());
      } else {
        records.add(key);
      }
    }

    boolean exists(Key key) {
      return all.contains(key);
    }

    /** A random row; a Patient only if {@code patientsToo}, or if there is nothing else. */
    Key pick(SplittableRandom random, boolean patientsToo) {
      int choices = records.size() + (patientsToo ? patients.size() : 0);
      if (choices == 0) {
        return new Key("Patient", patients.get(random.nextInt(patients.size())));
      }
      int index = random.nextInt(choices);
      return index < records.size() ? records.get(index) : new Key("Patient", patients.get(index - records.size()));
    }

    /** Removes and returns a random non-Patient row; the last row takes its place. */
    Key removeRandomRecord(SplittableRandom random) {
      int index = random.nextInt(records.size());
      Key removed = records.get(index);
      records.set(index, records.get(records.size() - 1));
      records.remove(records.size() - 1);
      all.remove(removed);
      return removed;
    }
  }
}
