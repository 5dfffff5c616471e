package org.carechain.cli;

import java.nio.file.Path;
import org.carechain.cli.cluster.ClusterConfig;
import picocli.CommandLine.Option;

/** Options shared by the commands that work on the local cluster. */
public final class ClusterOptions {

    @Option(names = "--home", description = "The CareChain checkout (default: $CARECHAIN_HOME, else found from the current directory).")
    Path home;

    public ClusterConfig config() {
        Path checkout = home != null ? home
                : System.getenv("CARECHAIN_HOME") != null ? Path.of(System.getenv("CARECHAIN_HOME"))
                : ClusterConfig.findHome(Path.of(""));
        return ClusterConfig.forCheckout(checkout.toAbsolutePath().normalize(), System.getenv());
    }
}
