package org.carechain.ledger.core.chain;

import java.util.Objects;
import java.util.regex.Pattern;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.Rfc6962Hasher;

/**
 * A transaction on one channel. Its identity is its {@link #hash()}: the RFC 6962 leaf hash of
 * its canonical encoding, so the hash a client holds is exactly the leaf it asks a proof for.
 *
 * <p>Immutable. The encoding is made once, at construction, and the hash once, on first use:
 * a transaction is hashed at admission, in proposals, in validation and in the log, and encoding it
 * anew each time cost more than everything else a validator does with it.
 *
 * <p>{@code idempotencyKey} is unique per channel; a second transaction with the same key is a
 * duplicate. Two transactions are equal when their canonical encodings are.
 */
public final class Transaction {

  /** The domain tag of the canonical encoding; a new layout needs a new tag. */
  public static final String DOMAIN = "carechain/ledger/transaction/v1";

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

  private final Channel channel;
  private final String idempotencyKey;
  private final Payload payload;
  private final byte[] encoded;
  private volatile Hash hash;

  public Transaction(Channel channel, String idempotencyKey, Payload payload) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.idempotencyKey = requireIdempotencyKey(idempotencyKey);
    this.payload = Objects.requireNonNull(payload, "payload");
    if (payload instanceof RecordEvent && channel != Channel.EHR) {
      throw new IllegalArgumentException("record events belong on the ehr channel");
    }
    CanonicalEncoder encoder = CanonicalEncoder.forDomain(DOMAIN)
        .writeString(channel.id())
        .writeString(idempotencyKey);
    payload.writeTo(encoder);
    this.encoded = encoder.toByteArray();
  }

  public Channel channel() {
    return channel;
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }

  public Payload payload() {
    return payload;
  }

  /**
   * Returns {@code key} if it is a valid idempotency key: 1 to 128 characters of [A-Za-z0-9._:/-].
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String requireIdempotencyKey(String key) {
    Objects.requireNonNull(key, "idempotencyKey");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("idempotency key must be 1 to 128 characters of [A-Za-z0-9._:/-]");
    }
    return key;
  }

  /** The bytes that are hashed and logged: tag, channel, key, then the payload's own fields. */
  public byte[] canonicalBytes() {
    return encoded.clone();
  }

  /** The length of {@link #canonicalBytes()}, without copying them. */
  public int encodedLength() {
    return encoded.length;
  }

  /**
   * Reads what {@link #canonicalBytes()} wrote.
   *
   * @throws IllegalArgumentException if the bytes are not exactly such an encoding
   */
  public static Transaction fromCanonicalBytes(byte[] encoded) {
    org.carechain.crypto.CanonicalDecoder decoder = org.carechain.crypto.CanonicalDecoder.forDomain(DOMAIN, encoded);
    Channel channel = Channel.fromId(decoder.readString());
    String key = decoder.readString();
    int kind = decoder.readByte();
    Payload payload = switch (kind) {
      case RecordEvent.KIND -> RecordEvent.readFrom(decoder);
      case TypedPayload.KIND -> TypedPayload.readFrom(decoder);
      default -> throw new IllegalArgumentException("unknown payload kind " + kind);
    };
    decoder.finish();
    return new Transaction(channel, key, payload);
  }

  /** The transaction's id and its leaf hash in the channel's log. */
  public Hash hash() {
    Hash known = hash;
    if (known == null) {
      known = Rfc6962Hasher.create().hashLeaf(encoded);
      hash = known;
    }
    return known;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Transaction that && java.util.Arrays.equals(encoded, that.encoded);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "Transaction[" + channel.id() + ", " + idempotencyKey + "]";
  }

  /** The RFC 6962 root over the transactions' hashes, in order; the empty root for none. */
  public static Hash rootOf(java.util.List<Transaction> transactions) {
    return rootOfLeaves(transactions.stream().map(Transaction::hash).toList());
  }

  /** The RFC 6962 root over leaf hashes, in order; the empty root for none. */
  public static Hash rootOfLeaves(java.util.List<Hash> leafHashes) {
    org.carechain.crypto.merkle.MerkleFrontier tree = org.carechain.crypto.merkle.MerkleFrontier.empty();
    leafHashes.forEach(tree::append);
    return tree.root();
  }

  /** What a transaction carries. */
  public sealed interface Payload permits RecordEvent, TypedPayload {
    /** Writes a kind byte, then the payload's fields in a fixed order; {@code readFrom} mirrors it. */
    void writeTo(CanonicalEncoder encoder);
  }
}
