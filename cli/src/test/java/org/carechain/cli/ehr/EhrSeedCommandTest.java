package org.carechain.cli.ehr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.carechain.cli.CareChainCommand;
import org.carechain.ehr.db.EhrDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EhrSeedCommandTest {

    private final String name = "ehr_core_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final EhrDatabase database = EhrDatabase.fromEnvironment(System.getenv(), name);

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection admin = database.withDatabase("postgres").connect(); Statement drop = admin.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    @Test
    void seedsANewDatabaseAndSaysWhatItWrote() throws SQLException {
        Run run = Run.of("ehr", "seed", "--provider", "hospital1", "--patients", "25", "--seed", "7", "--database", name);
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("Created database " + name + "."), run.toString());
        long rows;
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE res_type = 'Patient') FROM fhir_resource")) {
            row.next();
            rows = row.getLong(1);
            assertEquals(25, row.getLong(2));
        }
        assertTrue(run.out().contains("Wrote " + rows + " resources of 25 patients for hospital1 in 1 transaction ("),
                run.toString());
        assertTrue(run.out().contains("25 Patient"), run.toString());
        assertTrue(run.out().contains("Database " + name + ", seed 7,"), run.toString());
    }

    @Test
    void refusesToSeedTwiceWithAPlainMessage() {
        assertEquals(0, Run.of("ehr", "seed", "--provider", "clinic", "--patients", "3", "--database", name).exit());
        Run again = Run.of("ehr", "seed", "--provider", "clinic", "--patients", "3", "--database", name);
        assertEquals(1, again.exit(), again.toString());
        assertTrue(again.err().startsWith("carechain: database " + name + ": the database already holds"), again.toString());
    }

    @Test
    void badArgumentsAreRefusedBeforeTouchingTheServer() {
        Run run = Run.of("ehr", "seed", "--provider", "clinic", "--patients", "0", "--database", name);
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("--patients must be 1 to 10000000"), run.toString());
        Run badName = Run.of("ehr", "seed", "--provider", "clinic", "--patients", "1", "--database", "Bad-Name");
        assertEquals(2, badName.exit(), badName.toString());
    }

    @Test
    void theDefaultDatabaseIsNamedForTheProvider() {
        assertEquals("carechain_ehr_hospital1", EhrSeedCommand.defaultDatabase("hospital1"));
        assertEquals("carechain_ehr_st_olav_s", EhrSeedCommand.defaultDatabase("St-Olav's"));
    }

    private record Run(int exit, String out, String err) {
        static Run of(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine commandLine = CareChainCommand.commandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            Run run = new Run(commandLine.execute(args), out.toString(), err.toString());
            assertFalse((run.out + run.err).contains("\tat "), "a stack trace was printed:\n" + run);
            return run;
        }
    }
}
