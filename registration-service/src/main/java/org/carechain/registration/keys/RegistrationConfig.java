package org.carechain.registration.keys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the registration authority; key files hold hex and are read once at start-up. */
@ConfigMapping(prefix = "carechain.registration")
public interface RegistrationConfig {

    /** Ed25519 seed (64 hex digits) of the key that signs batches for the rbc channel; listed in the rbc genesis' submitters. */
    Optional<String> submitterKeyFile();

    /** Ed25519 seed (64 hex digits) of the key that signs registration credentials. */
    Optional<String> credentialKeyFile();

    /** The consortium escrow public key: X25519, 64 hex digits. Public, so it may sit in config. */
    Optional<String> escrowPublicKey();

    /** The consortium identity commitment key (64 hex digits): a secret shared by the consortium's RBC nodes. */
    Optional<String> commitmentKeyFile();

    /**
     * The cbc channel's genesis (the ledger's file): its tracing policy says which officers' approvals
     * open a link tag. Without it, tracing is disabled.
     */
    Optional<String> cbcGenesisFile();

    /** How long a registration credential is valid. */
    @WithDefault("P365D")
    Duration credentialValidity();

    /** How long to wait for the ledger to accept a registration record. */
    @WithDefault("PT5S")
    Duration ledgerTimeout();
}
