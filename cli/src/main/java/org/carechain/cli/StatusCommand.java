package org.carechain.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.cluster.RunningService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the local cluster's services and whether each is ready. Exits 1 if any is not.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions options;

    @Override
    public Integer call() {
        Optional<LocalCluster> cluster = LocalCluster.load(options.config());
        if (cluster.isEmpty()) {
            System.out.println("no local cluster is running; start one with ./carechain up");
            return 1;
        }
        int notReady = 0;
        System.out.printf("%-21s %-8s %-24s %s%n", "SERVICE", "PID", "URL", "STATE");
        for (RunningService service : cluster.get().services()) {
            boolean alive = ProcessHandle.of(service.pid()).map(ProcessHandle::isAlive).orElse(false);
            boolean ready = alive && LocalCluster.isReady(service);
            notReady += ready ? 0 : 1;
            System.out.printf("%-21s %-8d %-24s %s%n", service.service().instanceName(), service.pid(),
                    service.httpUri(), ready ? "ready" : alive ? "not ready" : "stopped");
        }
        return notReady == 0 ? 0 : 1;
    }
}
