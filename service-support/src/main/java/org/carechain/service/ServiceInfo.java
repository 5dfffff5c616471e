package org.carechain.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Who this service is, as reported by the ping and in logs. */
@ConfigMapping(prefix = "carechain.service")
public interface ServiceInfo {

    /** The logical service name, e.g. {@code ledger-service}. */
    String name();

    @WithDefault("0.1.0-SNAPSHOT")
    String version();

    /**
     * The gRPC client name of the service this one depends on for the ping chain, if any. The
     * client itself is configured as {@code quarkus.grpc.clients.downstream.*}.
     */
    Optional<String> downstream();
}
