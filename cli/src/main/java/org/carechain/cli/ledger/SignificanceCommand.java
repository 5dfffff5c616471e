package org.carechain.cli.ledger;

import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.carechain.cli.cluster.ClusterConfig;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.verify.LedgerClient;
import org.carechain.proto.ledger.v1.Channel;
import org.carechain.proto.ledger.v1.GetSignificanceResponse;
import org.carechain.proto.ledger.v1.ProviderSignificance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "significance", mixinStandardHelpOptions = true,
        description = {"The providers' significance on the ehr channel: for each, the sum over its live records of their",
                "completeness times uniqueness, plus R per block it proposed (docs/significance.md)."})
public final class SignificanceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--target", description = "A validator's gRPC address, host:port (default: the local cluster's ledger-3).")
    String target;

    @Option(names = "--height", defaultValue = "0", description = "The height whose table to show (default: the latest).")
    long height;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (target == null) {
            ClusterConfig config = ClusterConfig.forCheckout(ClusterConfig.findHome(Path.of("")), System.getenv());
            target = LocalCluster.load(config).map(LocalCluster::auditTarget).orElseThrow(() ->
                    new IllegalArgumentException("no local cluster runs; give --target host:port"));
        }
        if (height < 0) {
            throw new IllegalArgumentException("--height must not be negative");
        }
        LedgerClient ledger = LedgerClient.connect(target);
        try {
            GetSignificanceResponse table = ledger.significance(Channel.CHANNEL_EHR, height);
            out.printf("Significance after block %d (root %s), from %s:%n", table.getHeight(),
                    java.util.HexFormat.of().formatHex(table.getSignificanceRoot().toByteArray()), target);
            for (ProviderSignificance provider : table.getProvidersList()) {
                out.printf("  %-24s %s%n", provider.getProvider(),
                        BigDecimal.valueOf(provider.getSignificanceNano(), 9).toPlainString());
            }
            return 0;
        } catch (StatusRuntimeException e) {
            spec.commandLine().getErr().println("carechain: " + ledger.describe(e));
            return 2;
        } finally {
            ledger.close();
        }
    }
}
