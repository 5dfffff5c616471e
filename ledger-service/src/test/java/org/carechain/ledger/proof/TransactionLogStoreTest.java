package org.carechain.ledger.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.MerkleLog;
import org.carechain.crypto.merkle.ProofVerifier;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.service.testing.ServiceTestResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The PostgreSQL-backed log against the in-memory reference, on the real database. */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "carechain_ledger_test"))
class TransactionLogStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 8, 9})
    void storedLogMatchesTheReferenceAndServesVerifiableProofs(long seed) throws Exception {
        String channel = "test" + seed;
        pool.preparedQuery("DELETE FROM ledger_tree_node WHERE channel = $1").execute(Tuple.of(channel)).await().atMost(TIMEOUT);
        SplittableRandom random = new SplittableRandom(seed);
        MerkleLog reference = MerkleLog.create();
        TransactionLogStore store = TransactionLogStore.open(pool, channel).await().atMost(TIMEOUT);
        List<TreeHead> heads = new ArrayList<>();
        for (int block = 0; block < 12; block++) {
            List<Hash> leaves = new ArrayList<>();
            int count = 1 + random.nextInt(120);
            for (int i = 0; i < count; i++) {
                byte[] data = new byte[24];
                random.nextBytes(data);
                reference.appendLeaf(data);
                leaves.add(reference.leafHash(reference.size() - 1));
            }
            TransactionLogStore writer = store;
            TransactionLogStore.PendingAppend pending = pool.withTransaction(tx -> writer.append(tx, leaves))
                    .await().atMost(TIMEOUT);
            store.advance(pending);
            assertEquals(reference.treeHead(), store.treeHead(), "seed " + seed + " block " + block);
            heads.add(store.treeHead());
        }
        // A fresh instance resumes from the database alone.
        store = TransactionLogStore.open(pool, channel).await().atMost(TIMEOUT);
        assertEquals(reference.treeHead(), store.treeHead(), "seed " + seed + " after reopening");
        long size = reference.size();
        for (int i = 0; i < 20; i++) {
            long index = random.nextLong(size);
            var proof = store.inclusionProof(index, size).await().atMost(TIMEOUT);
            assertEquals(reference.inclusionProof(index, size), proof, "seed " + seed + " index " + index);
            ProofVerifier.verifyInclusion(proof, reference.leafHash(index), reference.treeHead());
        }
        for (TreeHead older : heads) {
            assertEquals(older, store.treeHeadAt(older.size()).await().atMost(TIMEOUT));
            var consistency = store.consistencyProof(older.size(), size).await().atMost(TIMEOUT);
            ProofVerifier.verifyConsistency(consistency, older, reference.treeHead());
        }
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(longs = {-1, 1_000_000})
    void proofsBeyondTheLogAreRejected(long treeSize) {
        TransactionLogStore store = TransactionLogStore.open(pool, "empty").await().atMost(TIMEOUT);
        assertThrows(IllegalArgumentException.class, () -> store.inclusionProof(0, treeSize));
        assertThrows(IllegalArgumentException.class, () -> store.consistencyProof(1, treeSize));
    }
}
