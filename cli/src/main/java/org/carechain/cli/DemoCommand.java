package org.carechain.cli;

import java.util.concurrent.Callable;
import org.carechain.cli.cluster.ClusterConfig;
import org.carechain.cli.cluster.ClusterException;
import org.carechain.cli.cluster.DevTokenIssuer;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.demo.ClusterDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the demo scenario against the running local cluster. Exits 1 if a check fails.")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions options;

    @Override
    public Integer call() {
        ClusterConfig config = options.config();
        LocalCluster cluster = LocalCluster.load(config)
                .orElseThrow(() -> new ClusterException("no local cluster is running; start one with ./carechain up"));
        DevTokenIssuer tokens = DevTokenIssuer.loadOrCreate(config.jwtDir(), config.jwtIssuer());
        return new ClusterDemo(cluster, tokens, System.out).run() == 0 ? 0 : 1;
    }
}
