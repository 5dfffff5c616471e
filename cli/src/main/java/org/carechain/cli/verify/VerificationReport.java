package org.carechain.cli.verify;

import java.io.PrintWriter;
import java.util.List;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.verify.Check;
import org.carechain.ledger.core.verify.VerificationException;

/** Prints what was checked, in plain words, and gives the command's exit code. */
final class VerificationReport {

    static final int VERIFIED = 0;
    static final int NOT_VERIFIED = 1;
    /** Usage errors, unreadable files, and a ledger that cannot be reached or answers with an error. */
    static final int CANNOT_VERIFY = 2;

    private static final String WELL_FORMED = "the ledger's response is well formed";

    private final PrintWriter out;

    VerificationReport(PrintWriter out) {
        this.out = out;
    }

    void trustAnchor(Genesis genesis) {
        out.printf("Trusting only the genesis of chain %s, channel %s: %d validators, genesis hash %s%n",
                genesis.chainId(), genesis.channel().id(), genesis.validators().size(), genesis.hash().toHex());
    }

    int verified(List<Check> checks, String conclusion) {
        line("OK", WELL_FORMED);
        checks.forEach(check -> line("OK", check.description()));
        out.println("VERIFIED: " + conclusion);
        out.flush();
        return VERIFIED;
    }

    int failed(List<Check> checks, VerificationException failure) {
        line("OK", WELL_FORMED);
        boolean reached = false;
        for (Check check : checks) {
            if (check == failure.check()) {
                line("FAILED", check.description() + ": " + failure.reason());
                reached = true;
            } else {
                line(reached ? "-" : "OK", check.description() + (reached ? " (not checked)" : ""));
            }
        }
        out.println("NOT VERIFIED: " + failure.reason());
        out.flush();
        return NOT_VERIFIED;
    }

    int malformed(String reason) {
        line("FAILED", WELL_FORMED + ": " + reason);
        out.println("NOT VERIFIED: the ledger's response is malformed: " + reason);
        out.flush();
        return NOT_VERIFIED;
    }

    private void line(String outcome, String text) {
        out.printf("  %-7s%s%n", outcome, text);
    }
}
