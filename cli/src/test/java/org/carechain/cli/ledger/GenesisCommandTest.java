package org.carechain.cli.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.carechain.cli.CareChainCommand;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenesisCommandTest {

    @TempDir
    Path dir;

    @Test
    void createdGenesisValidatesAndItsKeysAreTheOwnersOnly() throws IOException {
        int created = CareChainCommand.commandLine().execute("ledger", "genesis", "create", "--chain-id", "carechain-test",
                "--channel", "ehr", "--validators", "7", "--submitter", "hospital1-capture,hospital2-capture",
                "--out", dir.toString());
        assertEquals(0, created);
        Genesis genesis = GenesisJson.parse(Files.readString(dir.resolve("genesis/ehr.json")));
        assertEquals(7, genesis.validators().size());
        assertEquals(2, genesis.faultTolerance());
        assertEquals(2, genesis.submitters().size());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys/ledger-6.key"))));
        assertEquals(0, CareChainCommand.commandLine().execute("ledger", "genesis", "validate", dir.resolve("genesis/ehr.json").toString()));
    }

    @Test
    void channelsOfOneConsortiumShareTheMembersKeys() throws IOException {
        assertEquals(0, CareChainCommand.commandLine().execute("ledger", "genesis", "create", "--chain-id", "c1",
                "--channel", "ehr,cbc", "--submitter", "capture", "--out", dir.toString()));
        Genesis ehr = GenesisJson.parse(Files.readString(dir.resolve("genesis/ehr.json")));
        Genesis cbc = GenesisJson.parse(Files.readString(dir.resolve("genesis/cbc.json")));
        assertEquals(ehr.validators(), cbc.validators());
        assertEquals(ehr.submitters(), cbc.submitters());
        // Running again keeps the keys, so a validator's identity never changes under it.
        assertEquals(0, CareChainCommand.commandLine().execute("ledger", "genesis", "create", "--chain-id", "c1",
                "--channel", "search", "--out", dir.toString()));
        assertEquals(ehr.validators(), GenesisJson.parse(Files.readString(dir.resolve("genesis/search.json"))).validators());
    }

    @Test
    void anInvalidGenesisFailsValidation() throws IOException {
        assertEquals(0, CareChainCommand.commandLine().execute("ledger", "genesis", "create", "--chain-id", "carechain-test",
                "--channel", "cbc", "--out", dir.toString()));
        Path file = dir.resolve("genesis/cbc.json");
        Files.writeString(file, Files.readString(file).replace("\"maxBlockBytes\"", "\"maxBlockSize\""));
        assertEquals(1, CareChainCommand.commandLine().execute("ledger", "genesis", "validate", file.toString()));
    }

    @Test
    void unknownChannelIsAUsageError() {
        int exit = CareChainCommand.commandLine().execute("ledger", "genesis", "create", "--chain-id", "c",
                "--channel", "billing", "--out", dir.toString());
        assertEquals(2, exit);
        assertTrue(Files.notExists(dir.resolve("genesis")));
    }
}
