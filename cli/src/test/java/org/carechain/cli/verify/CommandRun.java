package org.carechain.cli.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.carechain.cli.CareChainCommand;
import picocli.CommandLine;

/** One run of the {@code carechain} command line, with what it printed. */
record CommandRun(int exit, String out, String err) {

    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CareChainCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        CommandRun run = new CommandRun(commandLine.execute(args), out.toString(), err.toString());
        assertFalse((run.out + run.err).contains("\tat "), "a stack trace was printed:\n" + run);
        return run;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
}
