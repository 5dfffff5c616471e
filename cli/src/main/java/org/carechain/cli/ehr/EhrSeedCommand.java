package org.carechain.cli.ehr;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.carechain.ehr.db.EhrDatabase;
import org.carechain.ehr.seed.EhrSeeder;
import org.carechain.ehr.seed.SyntheticPopulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "seed", mixinStandardHelpOptions = true,
        description = {"Fill a provider's EHR database with synthetic FHIR R4 patients and their records.",
                "Patients come from one consortium-wide pool, so providers seeded with the same --seed share some.",
                "The database is created, with its schema, if missing; it must hold no records yet.",
                "The server is CARECHAIN_DB_HOST:CARECHAIN_DB_PORT (default 127.0.0.1:5432), as CARECHAIN_DB_USER",
                "(default postgres) with CARECHAIN_DB_PASSWORD."})
final class EhrSeedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--provider", required = true, description = "The provider's consortium id, e.g. hospital1.")
    String provider;

    @Option(names = "--patients", required = true, description = "How many patients to write.")
    int patients;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic population (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--database", description = "Database name (default: carechain_ehr_<provider>).")
    String database;

    @Override
    public Integer call() {
        if (patients < 1 || patients > 10_000_000) {
            throw new IllegalArgumentException("--patients must be 1 to 10000000, got " + patients);
        }
        PrintWriter out = spec.commandLine().getOut();
        EhrDatabase target = EhrDatabase.fromEnvironment(System.getenv(), database != null ? database : defaultDatabase(provider));
        long started = System.nanoTime();
        try {
            if (target.createIfMissing()) {
                out.println("Created database " + target.database() + ".");
            }
            try (Connection connection = target.connect()) {
                EhrSeeder.Result result = EhrSeeder.seed(connection, new SyntheticPopulation(seed), provider, patients);
                out.printf(Locale.ROOT, "%s Database %s, seed %d, %.1f s.%n", result.summary(), target.database(), seed,
                        (System.nanoTime() - started) / 1e9);
            }
            return 0;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("carechain: database " + target.database() + ": " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            spec.commandLine().getErr().println("carechain: database " + target + ": " + e.getMessage());
            return 1;
        }
    }

    /** carechain_ehr_ and the provider id, folded into an unquoted PostgreSQL name. */
    static String defaultDatabase(String provider) {
        return "carechain_ehr_" + provider.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }
}
