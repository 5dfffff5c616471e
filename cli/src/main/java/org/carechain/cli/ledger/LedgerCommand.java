package org.carechain.cli.ledger;

import picocli.CommandLine.Command;

@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Ledger administration.",
        subcommands = {GenesisCommand.class})
public final class LedgerCommand {}
