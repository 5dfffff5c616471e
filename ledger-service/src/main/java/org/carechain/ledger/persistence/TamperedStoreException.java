package org.carechain.ledger.persistence;

import org.carechain.ledger.core.chain.Channel;

/**
 * Stored chain data no longer matches its hashes: someone changed the database behind the
 * ledger's back. The node refuses to serve it; an operator restores the data from a peer.
 */
public class TamperedStoreException extends RuntimeException {

    public TamperedStoreException(Channel channel, String what) {
        this(channel.id(), what);
    }

    public TamperedStoreException(String channelId, String what) {
        super("channel " + channelId + ": " + what);
    }
}
