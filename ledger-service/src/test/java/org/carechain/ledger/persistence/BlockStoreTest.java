package org.carechain.ledger.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.chain.BlockHeader;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.service.testing.ServiceTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "carechain_ledger_test"))
class BlockStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    private BlockStore store;

    @BeforeEach
    void clean() {
        store = new BlockStore(pool);
        pool.query("DELETE FROM ledger_transaction WHERE channel = 'cbc'").execute().await().atMost(TIMEOUT);
        pool.query("DELETE FROM ledger_block WHERE channel = 'cbc'").execute().await().atMost(TIMEOUT);
    }

    private static Transaction tx(String key) {
        return new Transaction(Channel.CBC, key,
                new TypedPayload("type.carechain.org/carechain.certificate.v1.IssuanceRecord", key.getBytes()));
    }

    private static Block block(long height, Hash parent, List<Transaction> transactions) {
        return new Block(new BlockHeader(Channel.CBC, height, parent, 1_000 * height, "ca-1",
                Transaction.rootOf(transactions), Hash.sha256(new byte[] {7}), new TreeHead(3, Hash.sha256())),
                transactions);
    }

    @Test
    void blocksAndTransactionsComeBackAsCommitted() {
        Block first = block(1, BlockHeader.NO_PARENT, List.of(tx("a"), tx("b")));
        Block second = block(2, first.hash(), List.of());
        pool.withTransaction(c -> store.insert(c, first, new byte[] {1, 2}, 0, Instant.now())
                .flatMap(ignored -> store.insert(c, second, new byte[] {3}, 2, Instant.now())))
                .await().atMost(TIMEOUT);

        assertEquals(2L, store.latestHeight(Channel.CBC).await().atMost(TIMEOUT));
        BlockStore.StoredBlock stored = store.block(Channel.CBC, 1).await().atMost(TIMEOUT).orElseThrow();
        assertEquals(first, stored.block());
        assertArrayEquals(new byte[] {1, 2}, stored.commitCertificate());
        assertTrue(store.block(Channel.CBC, 3).await().atMost(TIMEOUT).isEmpty());

        BlockStore.StoredTransaction b = store.transaction(Channel.CBC, tx("b").hash()).await().atMost(TIMEOUT).orElseThrow();
        assertEquals(tx("b"), b.transaction());
        assertEquals(1, b.logIndex());
        assertEquals(1, b.height());
        assertEquals(Set.of("a"), store.committedKeys(Channel.CBC, List.of("a", "z")).await().atMost(TIMEOUT));
    }

    @Test
    void aTransactionAlteredInTheDatabaseIsRefused() {
        Block first = block(1, BlockHeader.NO_PARENT, List.of(tx("a")));
        pool.withTransaction(c -> store.insert(c, first, new byte[] {1}, 0, Instant.now())).await().atMost(TIMEOUT);
        byte[] forged = tx("evil").canonicalBytes();
        pool.preparedQuery("UPDATE ledger_transaction SET body = $1 WHERE channel = 'cbc' AND log_index = 0")
                .execute(Tuple.of(Buffer.buffer(forged))).await().atMost(TIMEOUT);

        assertThrows(TamperedStoreException.class, () -> store.block(Channel.CBC, 1).await().atMost(TIMEOUT));
        assertThrows(TamperedStoreException.class,
                () -> store.transaction(Channel.CBC, tx("a").hash()).await().atMost(TIMEOUT));
    }

    @Test
    void aHeaderAlteredInTheDatabaseIsRefused() {
        Block first = block(1, BlockHeader.NO_PARENT, List.of(tx("a")));
        pool.withTransaction(c -> store.insert(c, first, new byte[] {1}, 0, Instant.now())).await().atMost(TIMEOUT);
        byte[] forged = block(1, BlockHeader.NO_PARENT, List.of(tx("b"))).header().canonicalBytes();
        pool.preparedQuery("UPDATE ledger_block SET header = $1 WHERE channel = 'cbc' AND height = 1")
                .execute(Tuple.of(Buffer.buffer(forged))).await().atMost(TIMEOUT);

        assertThrows(TamperedStoreException.class, () -> store.block(Channel.CBC, 1).await().atMost(TIMEOUT));
    }

    @Test
    void aSecondTransactionWithTheSameKeyIsRefusedByTheDatabase() {
        Block first = block(1, BlockHeader.NO_PARENT, List.of(tx("a")));
        pool.withTransaction(c -> store.insert(c, first, new byte[] {1}, 0, Instant.now())).await().atMost(TIMEOUT);
        Block again = block(2, first.hash(), List.of(tx("a")));
        assertThrows(RuntimeException.class, () -> pool.withTransaction(
                c -> store.insert(c, again, new byte[] {1}, 1, Instant.now())).await().atMost(TIMEOUT));
        assertEquals(1L, store.latestHeight(Channel.CBC).await().atMost(TIMEOUT));
    }
}
