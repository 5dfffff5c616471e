package org.carechain.ledger.core.chain;

import java.util.Locale;

/** The independent chains of a CareChain consortium, each with its own validators and genesis. */
public enum Channel {
  /** Record events, consent, significance and rewards; validated by the providers. */
  EHR,
  /** Registration records; validated by the CAs. */
  RBC,
  /** Certificate issuance and revocation, the trust bundle; validated by the CAs. */
  CBC,
  /** Anchors of encrypted-index roots; validated by the providers. */
  SEARCH;

  /** The lower-case name used in genesis files, URLs and storage, e.g. {@code ehr}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for anything but {@code ehr}, {@code rbc}, {@code cbc}, {@code search} */
  public static Channel fromId(String id) {
    for (Channel channel : values()) {
      if (channel.id().equals(id)) {
        return channel;
      }
    }
    throw new IllegalArgumentException("unknown channel '" + id + "'; expected ehr, rbc, cbc or search");
  }
}
