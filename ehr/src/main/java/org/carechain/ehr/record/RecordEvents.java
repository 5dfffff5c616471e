package org.carechain.ehr.record;

import ca.uhn.fhir.parser.DataFormatException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.carechain.ehr.fhir.Fhir;
import org.carechain.ehr.fhir.ItemMasks;
import org.carechain.ehr.fhir.PatientLinks;
import org.carechain.ehr.fhir.SecurityLabels;
import org.carechain.ledger.core.Ids;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Turns a provider's captured {@link RecordChange}s into ledger transactions on the ehr channel.
 *
 * <p>A pure function of the change, the provider and its keys: the same change always gives a
 * byte-identical transaction, with the same idempotency key, so a change re-read after a crash is
 * recognised by the ledger as a duplicate.
 *
 * <p>The idempotency key is {@code cdc/<provider>/<sourcePosition>}, with every character outside
 * {@code [A-Za-z0-9._:/-]} replaced by {@code _}.
 *
 * <p>Thread-safe.
 */
public final class RecordEvents {

  /** What comes before the provider in an idempotency key. */
  public static final String KEY_PREFIX = "cdc/";

  private static final Pattern NOT_KEY_CHARACTER = Pattern.compile("[^A-Za-z0-9._:/-]");
  private static final int MAX_SOURCE_POSITION = 64;
  private static final int MAX_KEY = 128;

  private final String provider;
  private final Pseudonyms pseudonyms;
  private final ContentHash contentHash;
  private final ItemMasks itemMasks;

  /**
   * @throws IllegalArgumentException if the provider id is not a consortium member id, or too long
   *     to leave room for a source position in an idempotency key
   */
  public RecordEvents(String provider, ProviderKeys keys, ItemMasks itemMasks) {
    this.provider = Ids.require(provider, "provider");
    int room = MAX_KEY - KEY_PREFIX.length() - 1 - MAX_SOURCE_POSITION;
    if (provider.length() > room) {
      throw new IllegalArgumentException("provider id must have at most " + room
          + " characters to fit in idempotency keys, got " + provider.length());
    }
    Objects.requireNonNull(keys, "keys");
    this.pseudonyms = new Pseudonyms(keys);
    this.contentHash = ContentHash.forProvider(keys);
    this.itemMasks = Objects.requireNonNull(itemMasks, "itemMasks");
  }

  /**
   * The transaction that records {@code change}.
   *
   * @throws IllegalArgumentException if the content does not parse as the FHIR resource type the
   *     change names, or does not link to a patient by MPI id; the message names only the type and
   *     the source position
   */
  public Transaction toTransaction(RecordChange change) {
    return new Transaction(Channel.EHR, idempotencyKey(provider, change.sourcePosition()), toEvent(change));
  }

  /** The record event of {@code change}; see {@link #toTransaction}. */
  public RecordEvent toEvent(RecordChange change) {
    Objects.requireNonNull(change, "change");
    IBaseResource resource = parse(change);
    Optional<String> mpiId = PatientLinks.mpiId(resource);
    if (mpiId.isEmpty()) {
      throw refused(change, "its content carries no " + PatientLinks.MPI_SYSTEM + " patient link");
    }
    return new RecordEvent(
        provider,
        change.resourceType(),
        pseudonyms.recordRef(provider, change.resourceType(), change.resourceId()),
        pseudonyms.patientRef(mpiId.get()),
        change.operation(),
        contentHash.of(change.resourceType(), change.resourceId(), change.version(), change.content()),
        maskOf(change, resource),
        SecurityLabels.of(resource),
        change.sourcePosition(),
        change.committedAtMillis());
  }

  /**
   * {@code cdc/<provider>/<sourcePosition>}, characters outside {@code [A-Za-z0-9._:/-]} replaced by
   * {@code _}.
   */
  public static String idempotencyKey(String provider, String sourcePosition) {
    String key = KEY_PREFIX + provider + "/" + sourcePosition;
    return Transaction.requireIdempotencyKey(NOT_KEY_CHARACTER.matcher(key).replaceAll("_"));
  }

  private byte[] maskOf(RecordChange change, IBaseResource resource) {
    try {
      return itemMasks.maskOf(resource);
    } catch (IllegalArgumentException e) {
      throw refused(change, e.getMessage());
    }
  }

  private IBaseResource parse(RecordChange change) {
    IBaseResource resource;
    try {
      resource = Fhir.parse(change.content());
    } catch (DataFormatException | ClassCastException | IllegalArgumentException e) {
      // HAPI's message can quote the content, so it is neither chained nor repeated.
      throw refused(change, "its content does not parse as a FHIR R4 resource");
    }
    if (!change.resourceType().equals(resource.fhirType())) {
      throw refused(change, "its content is not a " + typeForMessage(change.resourceType()));
    }
    return resource;
  }

  private static IllegalArgumentException refused(RecordChange change, String reason) {
    return new IllegalArgumentException("refused " + typeForMessage(change.resourceType()) + " change at "
        + positionForMessage(change.sourcePosition()) + ": " + reason);
  }

  // The type and position come from the database, not from a patient; still, keep them printable.
  private static String typeForMessage(String type) {
    return type.matches("[A-Za-z]{1,64}") ? type : "(malformed type)";
  }

  private static String positionForMessage(String position) {
    return position.length() <= MAX_SOURCE_POSITION ? NOT_KEY_CHARACTER.matcher(position).replaceAll("_") : "(malformed position)";
  }
}
