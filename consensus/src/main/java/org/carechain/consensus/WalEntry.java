package org.carechain.consensus;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.carechain.crypto.CanonicalDecoder;
import org.carechain.crypto.CanonicalEncoder;

/**
 * One write-ahead log record: a message this validator is about to send, with its lock and valid
 * value as they are when sending it. Replaying the entries of a height ({@link
 * ConsensusCore#recover}) restores enough state that the validator never sends a different message
 * for a (height, round, step) it already spoke in.
 *
 * <p>The values are stored whole, since {@code validValue} must be re-proposable after a restart.
 * A storage adapter that already keeps blocks by id may store them by reference instead.
 *
 * @param validRoundProof the 2f+1 prevotes for {@code validValue} in {@code validRound} (empty when
 *     there is no valid value). The spec's WAL does not list them, but without them a restarted
 *     proposer re-proposes its valid value with a validRound that nobody may be able to justify any
 *     more: if the only copies of a Byzantine prevote in that quorum were in crashed validators'
 *     memory, rule 2 never fires again and the locked validators stay locked for good.
 */
public record WalEntry<V extends ProposedValue>(
    ConsensusMessage message, V lockedValue, int lockedRound, V validValue, int validRound,
    List<Vote> validRoundProof) {

  private static final String DOMAIN = "carechain/consensus/wal-entry/v1";
  private static final int PROPOSAL_TAG = 1;
  private static final int VOTE_TAG = 2;
  /** Refuses to allocate for a corrupt length field; far above any block this ledger accepts. */
  private static final int MAX_ENTRY_BYTES = 256 << 20;

  public WalEntry {
    Objects.requireNonNull(message, "message");
    validRoundProof = List.copyOf(validRoundProof);
    if ((lockedValue == null) != (lockedRound == -1) || (validValue == null) != (validRound == -1)
        || lockedRound < -1 || validRound < -1) {
      throw new IllegalArgumentException("a value is set exactly when its round is >= 0");
    }
    if (validRound == -1 && !validRoundProof.isEmpty()) {
      throw new IllegalArgumentException("a proof without a valid round");
    }
  }

  /** An entry with no valid value, hence no proof. */
  public static <V extends ProposedValue> WalEntry<V> withoutValidValue(
      ConsensusMessage message, V lockedValue, int lockedRound) {
    return new WalEntry<>(message, lockedValue, lockedRound, null, -1, List.of());
  }

  public long height() {
    return message.height();
  }

  /** The canonical bytes of this entry; {@link #fromBytes} reads them back. */
  @SuppressWarnings("unchecked")
  public byte[] toBytes(ValueCodec<V> codec) {
    CanonicalEncoder out = CanonicalEncoder.forDomain(DOMAIN);
    if (message instanceof Proposal<?> proposal) {
      out.writeByte(PROPOSAL_TAG);
      ((Proposal<V>) proposal).writeTo(out, codec);
    } else {
      out.writeByte(VOTE_TAG);
      ((Vote) message).writeTo(out);
    }
    writeValue(out, lockedRound, lockedValue, codec);
    writeValue(out, validRound, validValue, codec);
    out.writeCount(validRoundProof.size());
    for (Vote vote : validRoundProof) {
      vote.writeTo(out);
    }
    return out.toByteArray();
  }

  /** @throws IllegalArgumentException if {@code bytes} is not what {@link #toBytes} writes */
  public static <V extends ProposedValue> WalEntry<V> fromBytes(byte[] bytes, ValueCodec<V> codec) {
    CanonicalDecoder in = CanonicalDecoder.forDomain(DOMAIN, bytes);
    int tag = in.readByte();
    ConsensusMessage message = switch (tag) {
      case PROPOSAL_TAG -> Proposal.readFrom(in, codec);
      case VOTE_TAG -> Vote.readFrom(in);
      default -> throw new IllegalArgumentException("unknown WAL message tag " + tag);
    };
    int lockedRound = in.readInt32();
    V lockedValue = readValue(in, codec);
    int validRound = in.readInt32();
    V validValue = readValue(in, codec);
    int proofSize = in.readCount();
    List<Vote> proof = new ArrayList<>();
    for (int i = 0; i < proofSize; i++) {
      proof.add(Vote.readFrom(in));
    }
    in.finish();
    return new WalEntry<>(message, lockedValue, lockedRound, validValue, validRound, proof);
  }

  /**
   * Appends this entry to a log file or stream as {@code length, bytes, CRC-32C}, so that a reader
   * can tell a torn or corrupted tail from a whole entry.
   */
  public void writeTo(DataOutput out, ValueCodec<V> codec) throws IOException {
    byte[] bytes = toBytes(codec);
    out.writeInt(bytes.length);
    out.write(bytes);
    out.writeInt(crc(bytes));
  }

  /**
   * Reads one entry written by {@link #writeTo}.
   *
   * @throws java.io.EOFException if the stream ends inside the entry (a torn write)
   * @throws IOException if the checksum or the encoding is wrong
   */
  public static <V extends ProposedValue> WalEntry<V> readFrom(DataInput in, ValueCodec<V> codec)
      throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_ENTRY_BYTES) {
      throw new IOException("corrupt WAL entry length " + length);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    if (in.readInt() != crc(bytes)) {
      throw new IOException("WAL entry checksum mismatch");
    }
    try {
      return fromBytes(bytes, codec);
    } catch (IllegalArgumentException e) {
      throw new IOException("malformed WAL entry: " + e.getMessage(), e);
    }
  }

  private static <V extends ProposedValue> void writeValue(
      CanonicalEncoder out, int round, V value, ValueCodec<V> codec) {
    out.writeInt32(round).writeBoolean(value != null);
    if (value != null) {
      out.writeBytes(codec.encode(value));
    }
  }

  private static <V extends ProposedValue> V readValue(CanonicalDecoder in, ValueCodec<V> codec) {
    return in.readBoolean() ? codec.decode(in.readBytes()) : null;
  }

  private static int crc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return (int) crc.getValue();
  }
}
