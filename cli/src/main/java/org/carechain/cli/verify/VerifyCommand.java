package org.carechain.cli.verify;

import picocli.CommandLine.Command;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check what a ledger serves against a channel's genesis file, trusting nothing else.",
                "Exit code: 0 verified, 1 not verified (the reason is printed), 2 usage or connection error."},
        subcommands = {VerifyTransactionCommand.class, VerifyConsistencyCommand.class, VerifyRecordCommand.class})
public final class VerifyCommand {}
