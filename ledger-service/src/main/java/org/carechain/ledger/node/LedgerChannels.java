package org.carechain.ledger.node;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.jboss.logging.Logger;

/**
 * The channels this node hosts, from the genesis files in {@code carechain.ledger.genesis-dir}.
 * A node without a genesis directory hosts no channel and answers ledger calls with
 * FAILED_PRECONDITION; a bad genesis file stops the node at start-up with the reason.
 */
@ApplicationScoped
public class LedgerChannels {

    private static final Logger LOG = Logger.getLogger(LedgerChannels.class);

    @Inject
    LedgerConfig config;

    @Inject
    Pool pool;

    private final Map<Channel, ChannelRuntime> channels = new EnumMap<>(Channel.class);

    // Before LedgerNodes starts validators on the loaded channels.
    void onStart(@Observes @jakarta.annotation.Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION) StartupEvent event) {
        config.genesisDir().ifPresent(this::load);
    }

    /** Loads every {@code <channel>.json} of the directory. */
    synchronized void load(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                Genesis genesis;
                try {
                    genesis = GenesisJson.parse(Files.readString(file));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("invalid genesis " + file + ": " + e.getMessage(), e);
                }
                if (!file.getFileName().toString().equals(genesis.channel().id() + ".json")) {
                    throw new IllegalStateException("genesis " + file + " is for channel " + genesis.channel().id()
                            + "; name it " + genesis.channel().id() + ".json");
                }
                channels.put(genesis.channel(), ChannelRuntime.open(pool, genesis, config.mempoolCapacity())
                        .await().atMost(Duration.ofSeconds(60)));
                LOG.infof("hosting channel %s of %s (genesis %s)", genesis.channel().id(), genesis.chainId(),
                        genesis.hash().toHex().substring(0, 16));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the genesis directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public synchronized Optional<ChannelRuntime> channel(Channel channel) {
        return Optional.ofNullable(channels.get(channel));
    }
}
