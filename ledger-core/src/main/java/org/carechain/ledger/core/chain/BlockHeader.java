package org.carechain.ledger.core.chain;

import java.util.Objects;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.ledger.core.Ids;

/**
 * What validators agree on for one height. Its {@link #hash()} is the block id that votes and
 * the commit certificate sign, so every field here is covered by the certificate.
 *
 * @param previousHash the hash of the block at {@code height - 1}, or {@link #NO_PARENT} at height 1
 * @param transactionsRoot the RFC 6962 root over this block's transaction hashes
 * @param significanceRoot the significance state root after applying this block
 * @param log the channel's transaction log after this block: size and root
 */
public record BlockHeader(
    Channel channel,
    long height,
    Hash previousHash,
    long timestampMillis,
    String proposer,
    Hash transactionsRoot,
    Hash significanceRoot,
    TreeHead log) {

  /** The parent hash of the first block. */
  public static final Hash NO_PARENT = Hash.of(new byte[Hash.SIZE]);

  private static final String DOMAIN = "carechain/ledger/block-header/v1";

  public BlockHeader {
    Objects.requireNonNull(channel, "channel");
    if (height < 1) {
      throw new IllegalArgumentException("height must be at least 1");
    }
    Objects.requireNonNull(previousHash, "previousHash");
    if (timestampMillis < 0) {
      throw new IllegalArgumentException("timestamp must not be negative");
    }
    Ids.require(proposer, "proposer");
    Objects.requireNonNull(transactionsRoot, "transactionsRoot");
    Objects.requireNonNull(significanceRoot, "significanceRoot");
    Objects.requireNonNull(log, "log");
  }

  public byte[] canonicalBytes() {
    return CanonicalEncoder.forDomain(DOMAIN)
        .writeString(channel.id())
        .writeInt64(height)
        .writeHash(previousHash)
        .writeInt64(timestampMillis)
        .writeString(proposer)
        .writeHash(transactionsRoot)
        .writeHash(significanceRoot)
        .writeInt64(log.size())
        .writeHash(log.root())
        .toByteArray();
  }

  /**
   * Reads what {@link #canonicalBytes()} wrote.
   *
   * @throws IllegalArgumentException if the bytes are not exactly such an encoding
   */
  public static BlockHeader fromCanonicalBytes(byte[] encoded) {
    org.carechain.crypto.CanonicalDecoder decoder = org.carechain.crypto.CanonicalDecoder.forDomain(DOMAIN, encoded);
    BlockHeader header = new BlockHeader(Channel.fromId(decoder.readString()), decoder.readInt64(),
        decoder.readHash(), decoder.readInt64(), decoder.readString(), decoder.readHash(), decoder.readHash(),
        new TreeHead(decoder.readInt64(), decoder.readHash()));
    decoder.finish();
    return header;
  }

  /** The block id. */
  public Hash hash() {
    return Hash.sha256(canonicalBytes());
  }
}
