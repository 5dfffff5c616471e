package org.carechain.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.carechain.cli.cluster.ClusterConfig;
import org.carechain.cli.cluster.DevTokenIssuer;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.cluster.RunningService;
import org.carechain.cli.demo.ClusterDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the local cluster (every service as its own process) and run the demo.")
final class UpCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions options;

    @Option(names = "--no-demo", description = "Start the cluster without running the demo.")
    boolean noDemo;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        ClusterConfig config = options.config();
        LocalCluster cluster = LocalCluster.start(config, out);
        describe(cluster, out);
        if (noDemo) {
            return 0;
        }
        DevTokenIssuer tokens = DevTokenIssuer.loadOrCreate(config.jwtDir(), config.jwtIssuer());
        return new ClusterDemo(cluster, tokens, out).run() == 0 ? 0 : 1;
    }

    static void describe(LocalCluster cluster, PrintStream out) {
        out.println();
        out.printf("%-21s %-24s %-36s %s%n", "SERVICE", "REST + gRPC", "SWAGGER UI", "LOG");
        for (RunningService service : cluster.services()) {
            out.printf("%-21s %-24s %-36s %s%n", service.service().instanceName(), service.httpUri(),
                    service.httpUri().resolve("/q/swagger-ui"), service.log());
        }
        out.println();
        out.println("Health: <url>/q/health   Metrics: <url>/q/metrics   OpenAPI: <url>/q/openapi");
        out.println("A token for the REST APIs: ./carechain token --role admin");
        out.println("Stop with: ./carechain down");
    }
}
