package org.carechain.cli.ledger;

import picocli.CommandLine.Command;

@Command(name = "genesis", mixinStandardHelpOptions = true,
        description = "Create and check channel genesis files.",
        subcommands = {GenesisCreateCommand.class, GenesisValidateCommand.class})
public final class GenesisCommand {}
