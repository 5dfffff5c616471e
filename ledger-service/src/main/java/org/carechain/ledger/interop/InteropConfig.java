package org.carechain.ledger.interop;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Consent and record exchange at this node (docs/interop.md). A node that captures a provider's
 * EHR database is that provider's gateway: it records consent for its patients' apps, serves its
 * records to other providers' gateways and forwards its clinicians' requests.
 */
@ConfigMapping(prefix = "carechain.exchange")
public interface InteropConfig {

    /** The other providers' gateways (their ledger nodes' gRPC addresses) as {@code provider=host:port}. */
    Optional<List<String>> peers();

    /** How long a consent grant or revocation waits for its block before the answer is 202 Accepted. */
    @WithDefault("10s")
    Duration commitWait();

    /** How long a forwarded exchange request waits for the serving provider. */
    @WithDefault("20s")
    Duration forwardTimeout();

    /** Most records one exchange answer carries. */
    @WithDefault("1000")
    int maxRecords();
}
