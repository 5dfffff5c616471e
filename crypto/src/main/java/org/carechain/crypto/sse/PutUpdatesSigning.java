package org.carechain.crypto.sse;

import java.util.List;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.Rfc6962Hasher;

/**
 * The bytes the owner signs when it pushes an epoch's entries to the server, so that the server
 * appends only what the owner sent, to the log size the owner expected.
 *
 * <pre>
 * CanonicalEncoder.forDomain("carechain/search/put/v1")
 *     .writeString(owner).writeInt64(epoch).writeInt64(baseLogSize)
 *     .writeInt64(entries.size())
 *     .writeHash(SHA-256 over the entries' RFC 6962 leaf hashes, in order)
 * </pre>
 */
public final class PutUpdatesSigning {

  /** The domain tag. */
  public static final String DOMAIN = "carechain/search/put/v1";

  private PutUpdatesSigning() {}

  /** The signed bytes of one push. */
  public static byte[] signedBytes(String owner, long epoch, long baseLogSize, List<Entry> entries) {
    Rfc6962Hasher hasher = Rfc6962Hasher.create();
    byte[] leafHashes = new byte[entries.size() * Hash.SIZE];
    for (int i = 0; i < entries.size(); i++) {
      hasher.hashLeaf(entries.get(i).leafData()).copyTo(leafHashes, i * Hash.SIZE);
    }
    return CanonicalEncoder.forDomain(DOMAIN)
        .writeString(owner)
        .writeInt64(epoch)
        .writeInt64(baseLogSize)
        .writeInt64(entries.size())
        .writeHash(Hash.sha256(leafHashes))
        .toByteArray();
  }
}
