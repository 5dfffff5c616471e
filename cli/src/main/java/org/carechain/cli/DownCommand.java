package org.carechain.cli;

import java.util.concurrent.Callable;
import org.carechain.cli.cluster.LocalCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the local cluster.")
final class DownCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions options;

    @Override
    public Integer call() {
        LocalCluster.load(options.config()).ifPresentOrElse(cluster -> {
            cluster.stop();
            System.out.println("stopped " + cluster.services().size() + " service(s)");
        }, () -> System.out.println("no local cluster is running"));
        return 0;
    }
}
