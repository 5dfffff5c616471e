package org.carechain.ledger.node;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** How this ledger node is wired into its consortium. */
@ConfigMapping(prefix = "carechain.ledger")
public interface LedgerConfig {

    /** A directory of genesis files, one per channel this node hosts ({@code ehr.json}, ...). */
    Optional<Path> genesisDir();

    /** This node's validator id, as listed in the genesis files. */
    Optional<String> nodeId();

    /** The validator's Ed25519 key seed (hex), from a secret. */
    Optional<Path> validatorKeyFile();

    /** The other validators as {@code id=host:port}. */
    Optional<List<String>> peers();

    /** Most transactions waiting for a block, per channel. */
    @WithDefault("100000")
    int mempoolCapacity();
}
