package org.carechain.ledger.node;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.Channel;
import org.jboss.logging.Logger;

/**
 * Runs a validator for every hosted channel, when this node has a validator id and key. Without
 * them the node still serves reads and accepts submissions, but commits nothing.
 */
@ApplicationScoped
public class LedgerNodes {

    private static final Logger LOG = Logger.getLogger(LedgerNodes.class);

    @Inject
    LedgerConfig config;

    @Inject
    LedgerChannels channels;

    @Inject
    Pool pool;

    @Inject
    PeerNetwork peers;

    private final Map<Channel, ChannelNode> nodes = new EnumMap<>(Channel.class);

    // After LedgerChannels has loaded the genesis files (a lower priority value runs first).
    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        if (config.nodeId().isEmpty() || config.validatorKeyFile().isEmpty()) {
            LOG.info("no validator id or key configured: this ledger node serves and accepts, but does not validate");
            return;
        }
        String self = config.nodeId().get();
        Ed25519PrivateKey key = readKey(config.validatorKeyFile().get(), "validator key");
        for (Channel channel : Channel.values()) {
            channels.channel(channel).ifPresent(runtime -> {
                if (runtime.genesis().validators().size() > 1 && config.peers().isEmpty()) {
                    LOG.warnf("channel %s has %d validators but no peers are configured (carechain.ledger.peers)",
                            channel.id(), runtime.genesis().validators().size());
                }
                nodes.put(channel, ChannelNode.start(runtime, pool, self, key, peers, Clock.systemUTC()));
            });
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        nodes.values().forEach(ChannelNode::close);
    }

    public Optional<ChannelNode> node(Channel channel) {
        return Optional.ofNullable(nodes.get(channel));
    }

    /**
     * Reads an Ed25519 key from a file holding its 32-byte seed in hex (a mounted secret).
     *
     * @throws IllegalStateException naming the file (never its content) if it cannot be read or parsed
     */
    public static Ed25519PrivateKey readKey(Path file, String what) {
        try {
            return Ed25519PrivateKey.create(HexFormat.of().parseHex(Files.readString(file).strip()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the " + what + " " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | InvalidKeyException e) {
            throw new IllegalStateException("the " + what + " " + file + " is not a 32-byte hex Ed25519 seed", e);
        }
    }
}
