package org.carechain.crypto.sse.oxt;

import java.util.Objects;

/**
 * What the owner issues to an authorised user for one conjunction: the {@link OxtQuery} to send to
 * the server and the s-term's {@link OxtEntryKey}, to decrypt what verifies. The owner's signed
 * statement of the s-term's (count, digest), and of the XSet root for strict verification, travel
 * beside it.
 */
public record OxtToken(OxtQuery query, OxtEntryKey entryKey) {

  public OxtToken {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(entryKey, "entryKey");
  }
}
