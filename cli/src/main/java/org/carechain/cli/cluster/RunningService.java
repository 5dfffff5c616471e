package org.carechain.cli.cluster;

import java.net.URI;
import java.nio.file.Path;

/** A service process of a local cluster. */
public record RunningService(CareChainService service, long pid, int port, Path log) {

    public URI httpUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String grpcTarget() {
        return "127.0.0.1:" + port;
    }
}
