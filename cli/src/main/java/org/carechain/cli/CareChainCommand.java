package org.carechain.cli;

import org.carechain.cli.cluster.ClusterException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code carechain} command. */
@Command(name = "carechain",
        mixinStandardHelpOptions = true,
        versionProvider = CareChainCommand.Version.class,
        description = "CareChain: a trust layer for electronic health records.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, DemoCommand.class,
                TokenCommand.class, org.carechain.cli.ledger.LedgerCommand.class, org.carechain.cli.ehr.EhrCommand.class,
                org.carechain.cli.audit.AuditCommand.class, org.carechain.cli.ledger.SignificanceCommand.class,
                org.carechain.cli.verify.VerifyCommand.class, org.carechain.cli.trace.TraceCommand.class,
                org.carechain.cli.search.SearchCommand.class, org.carechain.cli.interop.ConsentCommand.class,
                org.carechain.cli.interop.ExchangeCommand.class, org.carechain.cli.interop.AccessReportCommand.class,
                CommandLine.HelpCommand.class})
public final class CareChainCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with CareChain's error handling: a known failure prints its message only. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new CareChainCommand());
        commandLine.setExecutionExceptionHandler((failure, cmd, parsed) -> {
            if (failure instanceof ClusterException || failure instanceof IllegalArgumentException) {
                cmd.getErr().println("carechain: " + failure.getMessage());
                return 2;
            }
            throw failure;
        });
        return commandLine;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = CareChainCommand.class.getPackage().getImplementationVersion();
            return new String[] {"carechain " + (version == null ? "development build" : version)};
        }
    }
}
