package org.carechain.search.server;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Settings of server mode, the untrusted host that stores owners' encrypted entries (docs/operations.md). */
@ConfigMapping(prefix = "carechain.search.server")
public interface SearchServerConfig {

    /** Whether this node serves SearchServerService and the server's REST endpoints. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The owners this host stores entries for, each {@code owner:hex} with the raw 32-byte Ed25519
     * public key that must sign its pushes, e.g. {@code hospital1:3b6a27bc...}.
     */
    Optional<List<String>> owners();
}
