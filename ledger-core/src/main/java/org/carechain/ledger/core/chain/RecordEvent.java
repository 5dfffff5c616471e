package org.carechain.ledger.core.chain;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.Ids;

/**
 * One change to one EHR record, as change capture saw it. Every field is a pseudonym, a hash, a
 * code or a position: none can hold health information, and the patterns below keep free text
 * out.
 *
 * @param itemMask bit {@code i} (byte {@code i / 8}, bit {@code i % 8}, least significant first)
 *     is set when the record fills important item {@code i} of its resource type
 */
public record RecordEvent(
    String provider,
    String resourceType,
    Hash recordRef,
    Hash patientRef,
    Operation op,
    Hash contentHash,
    byte[] itemMask,
    SecurityLabel securityLabel,
    String sourcePosition,
    long committedAtMillis)
    implements Transaction.Payload {

  /** The payload kind byte in a transaction's canonical encoding. */
  static final int KIND = 1;

  /** Longest item mask, in bytes: 256 important items per resource type. */
  public static final int MAX_ITEM_MASK_BYTES = 32;

  private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
  private static final Pattern SOURCE_POSITION = Pattern.compile("[0-9A-Za-z/:._-]{1,64}");

  public RecordEvent {
    Ids.require(provider, "provider");
    Objects.requireNonNull(resourceType, "resourceType");
    if (!RESOURCE_TYPE.matcher(resourceType).matches()) {
      throw new IllegalArgumentException("resource type must be a FHIR type name such as Observation");
    }
    Objects.requireNonNull(recordRef, "recordRef");
    Objects.requireNonNull(patientRef, "patientRef");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(itemMask, "itemMask");
    if (itemMask.length > MAX_ITEM_MASK_BYTES) {
      throw new IllegalArgumentException("item mask must have at most " + MAX_ITEM_MASK_BYTES + " bytes");
    }
    itemMask = itemMask.clone();
    Objects.requireNonNull(securityLabel, "securityLabel");
    Objects.requireNonNull(sourcePosition, "sourcePosition");
    if (!SOURCE_POSITION.matcher(sourcePosition).matches()) {
      throw new IllegalArgumentException("source position must be 1 to 64 characters of [0-9A-Za-z/:._-]");
    }
    if (committedAtMillis < 0) {
      throw new IllegalArgumentException("committed-at time must not be negative");
    }
  }

  @Override
  public byte[] itemMask() {
    return itemMask.clone();
  }

  /** Whether the record fills important item {@code index}. */
  public boolean fills(int index) {
    int octet = index >>> 3;
    return index >= 0 && octet < itemMask.length && (itemMask[octet] & (1 << (index & 7))) != 0;
  }

  @Override
  public void writeTo(CanonicalEncoder encoder) {
    encoder.writeByte(KIND)
        .writeString(provider)
        .writeString(resourceType)
        .writeHash(recordRef)
        .writeHash(patientRef)
        .writeByte(op.ordinal())
        .writeHash(contentHash)
        .writeBytes(itemMask)
        .writeByte(securityLabel.ordinal())
        .writeString(sourcePosition)
        .writeInt64(committedAtMillis);
  }

  static RecordEvent readFrom(org.carechain.crypto.CanonicalDecoder decoder) {
    String provider = decoder.readString();
    String resourceType = decoder.readString();
    Hash recordRef = decoder.readHash();
    Hash patientRef = decoder.readHash();
    Operation op = ordinal(Operation.values(), decoder.readByte(), "operation");
    Hash contentHash = decoder.readHash();
    byte[] itemMask = decoder.readBytes();
    SecurityLabel label = ordinal(SecurityLabel.values(), decoder.readByte(), "security label");
    return new RecordEvent(provider, resourceType, recordRef, patientRef, op, contentHash, itemMask, label,
        decoder.readString(), decoder.readInt64());
  }

  private static <E> E ordinal(E[] values, int ordinal, String what) {
    if (ordinal >= values.length) {
      throw new IllegalArgumentException("unknown " + what + " " + ordinal);
    }
    return values[ordinal];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RecordEvent that
        && provider.equals(that.provider)
        && resourceType.equals(that.resourceType)
        && recordRef.equals(that.recordRef)
        && patientRef.equals(that.patientRef)
        && op == that.op
        && contentHash.equals(that.contentHash)
        && Arrays.equals(itemMask, that.itemMask)
        && securityLabel == that.securityLabel
        && sourcePosition.equals(that.sourcePosition)
        && committedAtMillis == that.committedAtMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, resourceType, recordRef, patientRef, op, contentHash,
        Arrays.hashCode(itemMask), securityLabel, sourcePosition, committedAtMillis);
  }

  @Override
  public String toString() {
    // Pseudonyms only, but still kept out of logs by default.
    return "RecordEvent[" + provider + " " + resourceType + " " + op + " at " + sourcePosition + "]";
  }

  /** The change's kind. */
  public enum Operation {
    CREATE,
    UPDATE,
    DELETE
  }

  /** HL7 v3 confidentiality codes, least to most restricted. */
  public enum SecurityLabel {
    U,
    L,
    M,
    N,
    R,
    V
  }
}
