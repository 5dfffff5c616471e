package org.carechain.cli.ehr;

import picocli.CommandLine.Command;

@Command(name = "ehr", mixinStandardHelpOptions = true,
        description = "A provider's sample FHIR R4 database: synthetic data for demos, tests and benchmarks.",
        subcommands = {EhrSeedCommand.class})
public final class EhrCommand {}
