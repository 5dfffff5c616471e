package org.carechain.ledger.capture;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Change capture of the provider's EHR database onto the ehr channel (docs/ehr-capture.md). Off
 * unless {@code enabled}; then the database, the provider's keys and the submitter key are
 * required, and a node missing one stops at start-up with the reason.
 */
@ConfigMapping(prefix = "carechain.capture")
public interface CaptureConfig {

    @WithDefault("false")
    boolean enabled();

    /** The provider id the records count for; this node's validator id if unset. */
    Optional<String> provider();

    /** The provider's secrets: {@code content-salt.key}, {@code record.key}, {@code patient.key} (hex). */
    Optional<Path> keysDir();

    /**
     * Prepended to the provider's own key file names in {@code keys-dir} ({@code <prefix>content-salt.key},
     * {@code <prefix>record.key}); the consortium's {@code patient.key} has none. Lets one secret
     * hold several validators' keys.
     */
    @WithDefault("")
    Optional<String> keysPrefix();

    /** The Ed25519 seed (hex) of the submitter key the ehr genesis lists for this capture. */
    Optional<Path> submitterKeyFile();

    /** The EHR database. */
    Database database();

    /** The logical replication slot, owned by this capture alone. */
    @WithDefault("carechain_capture")
    String slot();

    @WithDefault("carechain_capture")
    String publication();

    @WithDefault("public.fhir_resource")
    String table();

    /** Whether to create a missing publication and slot; otherwise a missing one stops capture with the fix. */
    @WithDefault("true")
    boolean createMissing();

    /** Most record events handed to the ledger in one signed batch. */
    @WithDefault("2000")
    int maxBatch();

    /** Events not committed this long after submission are submitted again (idempotently). */
    @WithDefault("15s")
    Duration resubmitAfter();

    /** WAL the slot may retain before the capture health check reports DOWN. */
    @WithDefault("1073741824")
    long maxRetainedWalBytes();

    interface Database {
        String host();

        int port();

        Optional<String> name();

        String user();

        Optional<String> password();
    }
}
