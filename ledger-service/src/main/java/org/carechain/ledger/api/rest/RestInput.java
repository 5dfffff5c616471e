package org.carechain.ledger.api.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.NotFoundException;
import java.util.HexFormat;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.node.ChannelRuntime;
import org.carechain.ledger.node.LedgerChannels;
import org.carechain.ledger.persistence.TamperedStoreException;
import org.jboss.logging.Logger;

/**
 * Checks the ledger's REST input where it enters. Every parameter arrives as text and is parsed
 * here, so a malformed one is a 400 that names the parameter (never a 404 from a failed
 * conversion, never a 500), and no reason echoes what the caller sent.
 */
final class RestInput {

    private static final Logger LOG = Logger.getLogger(RestInput.class);

    private RestInput() {}

    /** The hosted channel named by {@code id}: 400 for an unknown channel, 404 for one this node does not host. */
    static ChannelRuntime channel(LedgerChannels channels, String id) {
        Channel channel;
        try {
            channel = Channel.fromId(id == null ? "" : id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channel: unknown channel; expected ehr, rbc, cbc or search");
        }
        return channels.channel(channel)
                .orElseThrow(() -> new NotFoundException("this node does not host channel " + channel.id()));
    }

    /** A height of at least 1. */
    static long height(String name, String value) {
        long height = number(name, value);
        if (height < 1) {
            throw new IllegalArgumentException(name + ": must be at least 1");
        }
        return height;
    }

    /** A height of at least 1, or {@code absent} when the parameter is missing. */
    static long height(String name, String value, long absent) {
        return value == null || value.isEmpty() ? absent : height(name, value);
    }

    /** A log index of at least 0, or 0 when the parameter is missing. */
    static long index(String name, String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        long index = number(name, value);
        if (index < 0) {
            throw new IllegalArgumentException(name + ": must not be negative");
        }
        return index;
    }

    /** A page size of 1 to {@code max}, or {@code fallback} when the parameter is missing. */
    static int limit(String value, int fallback, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        long limit = number("limit", value);
        if (limit < 1 || limit > max) {
            throw new IllegalArgumentException("limit: must be 1 to " + max);
        }
        return (int) limit;
    }

    /** 64 hex digits. */
    static Hash hash(String name, String hex) {
        if (hex == null || hex.length() != 2 * Hash.SIZE) {
            throw new IllegalArgumentException(name + ": must be " + 2 * Hash.SIZE + " hex digits");
        }
        try {
            return Hash.of(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": must be " + 2 * Hash.SIZE + " hex digits");
        }
    }

    /** Reads wrapped so that stored data no longer matching its hashes is logged and refused, never served. */
    static <T> Uni<T> refuseTampered(Uni<T> read) {
        return read.onFailure(TamperedStoreException.class)
                .invoke(e -> LOG.errorf("refused to serve a read: %s", e.getMessage()));
    }

    /** What does not exist: 404 with the reason. */
    static RuntimeException notFound(String reason) {
        return new NotFoundException(reason);
    }

    private static long number(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + ": is required");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": must be a whole number");
        }
    }
}
