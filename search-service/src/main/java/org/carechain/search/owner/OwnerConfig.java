package org.carechain.search.owner;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of owner mode, run inside a provider (docs/search-security.md, "Service and key
 * distribution"). Off unless {@code enabled}; key files are read once at start-up.
 */
@ConfigMapping(prefix = "carechain.search.owner")
public interface OwnerConfig {

    /** Whether this process indexes a provider's records and issues search tokens. */
    @WithDefault("false")
    boolean enabled();

    /** The provider whose records this owner indexes, as in its record events (e.g. {@code hospital1}). */
    Optional<String> provider();

    /**
     * Ed25519 seed (64 hex digits) of the owner key: it signs statements, epoch anchors and pushes,
     * and submits anchors to the {@code search} channel, whose genesis lists it.
     */
    Optional<String> keyFile();

    /** The owner's SSE master keys, one per security label ({@code MasterKeys} encoding). */
    Optional<String> masterKeyFile();

    /** The provider's record keys (content salt, record key, patient key), as change capture reads them. */
    Optional<String> providerKeysDir();

    /** Prepended to the provider's own key file names in {@code provider-keys-dir}. */
    Optional<String> providerKeysPrefix();

    /** The provider's EHR database (at {@code CARECHAIN_DB_HOST}), read to index what the chain vouches for. */
    Optional<String> ehrDbName();

    /** How often new record events are gathered into an epoch. */
    @WithDefault("PT1S")
    Duration epochInterval();

    /** Most entries in one epoch; more events wait for the next. */
    @WithDefault("200000")
    int maxEntriesPerEpoch();

    /** How long a keyword statement is valid after it is issued. */
    @WithDefault("PT5M")
    Duration statementValidity();

    /** How long an anchor may take to be committed on {@code search}. */
    @WithDefault("PT20S")
    Duration anchorTimeout();

    /**
     * The security labels each role may search, e.g. {@code clinician=U,L,M,N,R}. A role not listed
     * gets no token.
     */
    Map<String, String> grants();
}
