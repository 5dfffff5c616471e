package org.carechain.cli.verify;

import static org.carechain.cli.verify.VerifyTransactionCommandTest.assertFailedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.ledger.core.testing.TestChain;
import org.carechain.ledger.core.verify.Check;
import org.carechain.ledger.core.verify.CertifiedHeader;
import org.carechain.proto.ledger.v1.Block;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyConsistencyCommandTest {

    @TempDir
    Path dir;

    /** Log sizes by height: 0, 2, 3, 3, 6. */
    private final TestChain chain = TestChain.start(31, 4).appendBlock(0).appendBlock(2).appendBlock(1).appendBlock(0)
            .appendBlock(3);
    /** Another chain under the same genesis: log sizes 1, 3. */
    private final TestChain fork = TestChain.start(32, 4).appendBlock(1).appendBlock(2);
    private ChainLedger ledger;
    private Path genesis;

    @BeforeEach
    void start() throws IOException {
        ledger = new ChainLedger(chain);
        genesis = Files.writeString(dir.resolve("ehr.json"), GenesisJson.write(chain.genesis()));
    }

    @AfterEach
    void stop() {
        ledger.close();
    }

    @Test
    void everyPairOfBlocksIsConsistent() {
        for (long from = 1; from <= chain.height(); from++) {
            for (long to = from; to <= chain.height(); to++) {
                CommandRun run = verify(from, to);
                assertEquals(0, run.exit(), from + " -> " + to + "\n" + run);
            }
        }
        CommandRun run = verify(2, 5);
        assertTrue(run.out().contains("VERIFIED: the log of block 5 (6 transactions) extends the log of block 2 "
                + "(2 transactions)"), run.toString());
        assertTrue(run.out().contains("OK     " + Check.CONSISTENCY.description()), run.toString());
    }

    @Test
    void aBlockOfAnUnrelatedLogIsNotConsistent() {
        ledger.blockForgery = block -> block.getHeader().getHeight() == 2 ? served(fork.certified(2)) : block;
        assertFailedAt(Check.CONSISTENCY, verify(2, 5));
    }

    @Test
    void aForgedHeaderIsNotVerified() {
        ledger.blockForgery = block -> block.getHeader().getHeight() == 5
                ? block.toBuilder().setHeader(block.getHeader().toBuilder().setLogSize(7)).build()
                : block;
        assertFailedAt(Check.BLOCK_ID, verify(2, 5));
    }

    @Test
    void twoCertifiedBlocksAtOneHeightAreReported() {
        AtomicInteger calls = new AtomicInteger();
        // The first GetBlock gets the chain's block 2, the second the fork's: both certified.
        ledger.blockForgery = block -> calls.getAndIncrement() == 0 ? block : served(fork.certified(2));
        CommandRun run = verify(2, 2);
        assertFailedAt(Check.HEIGHT_ORDER, run);
        assertTrue(run.out().contains("two different certified blocks at height 2"), run.toString());
    }

    @Test
    void badHeightsOrAMissingBlockCannotBeVerified() {
        CommandRun backwards = verify(3, 2);
        assertEquals(2, backwards.exit(), backwards.toString());
        assertTrue(backwards.err().contains("1 <= --from-height <= --to-height"), backwards.toString());
        CommandRun missing = verify(2, 9);
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("answered NOT_FOUND"), missing.toString());
    }

    private CommandRun verify(long from, long to) {
        return CommandRun.of("verify", "consistency", "--genesis", genesis.toString(), "--target", ledger.target(),
                "--from-height", Long.toString(from), "--to-height", Long.toString(to));
    }

    private static Block served(CertifiedHeader block) {
        return Block.newBuilder().setHeader(ChainLedger.header(block.header()))
                .setCommit(ChainLedger.certificate(block.certificate())).build();
    }
}
