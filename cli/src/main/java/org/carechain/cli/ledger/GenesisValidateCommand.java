package org.carechain.cli.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check genesis files; exits 1 if any is invalid.")
final class GenesisValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", description = "Genesis files.")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        int invalid = 0;
        for (Path file : files) {
            try {
                Genesis genesis = GenesisJson.parse(Files.readString(file));
                System.out.printf("%s: valid; channel %s of %s, %d validator(s) tolerating %d faulty, hash %s%n",
                        file, genesis.channel().id(), genesis.chainId(), genesis.validators().size(),
                        genesis.faultTolerance(), genesis.hash().toHex());
                genesis.warnings().forEach(warning -> System.out.println("  warning: " + warning));
            } catch (IllegalArgumentException e) {
                System.out.println(file + ": invalid: " + e.getMessage());
                invalid++;
            }
        }
        return invalid == 0 ? 0 : 1;
    }
}
