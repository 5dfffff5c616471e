package org.carechain.ledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.carechain.consensus.CommitCertificate;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.persistence.TamperedStoreException;
import org.carechain.ledger.testing.TestChain;
import org.carechain.ledger.testing.TestConsortium;
import org.carechain.service.testing.ServiceTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A validator rebuilds its state from its database at start-up and checks every stored block
 * against its commit certificate, its significance root and the stored log: whatever was altered
 * behind the ledger's back stops the node instead of being served or built on.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "carechain_ledger_restart_test"))
class RestartVerificationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Channel CHANNEL = Channel.RBC;
    private static final Genesis GENESIS = TestConsortium.genesis(CHANNEL);
    private static final int BLOCKS = 3;

    @Inject
    Pool pool;

    @BeforeEach
    void forgetTheChannel() {
        for (String table : List.of("ledger_significance", "ledger_transaction", "ledger_block", "ledger_tree_node", "consensus_wal",
                "ledger_channel")) {
            pool.query("DELETE FROM " + table + " WHERE channel = 'rbc'").execute().await().atMost(TIMEOUT);
        }
    }

    @Test
    void anUntouchedChainReplaysToItsHeight() {
        commitChain();
        try (ChannelNode node = restart()) {
            assertEquals(BLOCKS + 1, node.height());
        }
    }

    @Test
    void aRewrittenTransactionWithAMatchingHashIsRefused() {
        commitChain();
        Transaction forged = TestChain.transaction(CHANNEL, 2, "forged");
        pool.preparedQuery("UPDATE ledger_transaction SET body = $1, tx_hash = $2 WHERE channel = 'rbc' AND log_index = 2")
                .execute(Tuple.of(Buffer.buffer(forged.canonicalBytes()), Buffer.buffer(forged.hash().toByteArray())))
                .await().atMost(TIMEOUT);
        assertRefused("block 2 no longer matches its header");
    }

    @Test
    void aConsistentlyRewrittenHeaderIsRefusedByItsCertificate() {
        commitChain();
        Block stored = storedBlock(2);
        BlockHeader h = stored.header();
        BlockHeader forged = new BlockHeader(h.channel(), h.height(), h.previousHash(), h.timestampMillis() + 1,
                h.proposer(), h.transactionsRoot(), h.significanceRoot(), h.log());
        pool.preparedQuery("UPDATE ledger_block SET header = $1, block_hash = $2 WHERE channel = 'rbc' AND height = 2")
                .execute(Tuple.of(Buffer.buffer(forged.canonicalBytes()), Buffer.buffer(forged.hash().toByteArray())))
                .await().atMost(TIMEOUT);
        assertRefused("the commit certificate of block 2 certifies another block");
    }

    @Test
    void aCertificateStrippedBelowTwoThirdsIsRefused() {
        commitChain();
        Block stored = storedBlock(3);
        CommitCertificate thin = TestChain.certify(GENESIS, stored, 2);
        pool.preparedQuery("UPDATE ledger_block SET commit_certificate = $1 WHERE channel = 'rbc' AND height = 3")
                .execute(Tuple.of(Buffer.buffer(thin.toBytes()))).await().atMost(TIMEOUT);
        assertRefused("block 3 no longer matches its commit certificate");
    }

    @Test
    void anAlteredSubtreeOfTheLogIsRefused() {
        commitChain();
        // Six leaves: the complete subtree over leaves 0..3 is one of the two the log head rests on.
        pool.preparedQuery("UPDATE ledger_tree_node SET hash = $1 WHERE channel = 'rbc' AND level = 2 AND idx = 0")
                .execute(Tuple.of(Buffer.buffer(Hash.sha256(new byte[] {42}).toByteArray()))).await().atMost(TIMEOUT);
        assertRefused("the stored transaction log does not match the last block's log head");
    }

    private void assertRefused(String reason) {
        TamperedStoreException refused = assertThrows(TamperedStoreException.class, () -> restart().close());
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }

    /** What a validator does at start-up: opens the channel's stores and replays them. */
    private ChannelNode restart() {
        ChannelRuntime runtime = ChannelRuntime.open(pool, GENESIS, 100).await().atMost(TIMEOUT);
        return ChannelNode.start(runtime, pool, TestConsortium.validatorId(0), TestConsortium.VALIDATORS.get(0),
                PeerNetwork.NONE, Clock.systemUTC());
    }

    /** Commits {@value #BLOCKS} blocks of two transactions each, certified by three of four validators. */
    private void commitChain() {
        ChannelRuntime runtime = ChannelRuntime.open(pool, GENESIS, 100).await().atMost(TIMEOUT);
        for (CertifiedBlock block : TestChain.build(GENESIS, BLOCKS, 3)) {
            runtime.commit(block.block(), block.certificate(), Instant.now()).await().atMost(TIMEOUT);
        }
    }

    private Block storedBlock(long height) {
        ChannelRuntime runtime = ChannelRuntime.open(pool, GENESIS, 100).await().atMost(TIMEOUT);
        return runtime.blocks().block(CHANNEL, height).await().atMost(TIMEOUT).orElseThrow().block();
    }

}
