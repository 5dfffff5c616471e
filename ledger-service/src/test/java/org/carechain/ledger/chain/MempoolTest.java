package org.carechain.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.BatchSeal;
import org.carechain.ledger.core.chain.SealedTransaction;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TransactionBatch;
import org.carechain.ledger.testing.TestChain;
import org.junit.jupiter.api.Test;

class MempoolTest {

    private static List<SealedTransaction> sealed(Transaction... transactions) {
        TransactionBatch batch = TransactionBatch.sign(List.of(transactions),
                Ed25519PrivateKey.generate(new java.security.SecureRandom()));
        BatchSeal.Source source = BatchSeal.Source.of(batch);
        java.util.ArrayList<SealedTransaction> result = new java.util.ArrayList<>();
        for (int i = 0; i < transactions.length; i++) {
            result.add(new SealedTransaction(transactions[i], source, i));
        }
        return result;
    }

    private static List<String> keys(Mempool mempool) {
        return mempool.peek(100, Long.MAX_VALUE).stream().map(s -> s.transaction().idempotencyKey()).toList();
    }

    @Test
    void aBatchSentAgainRestoresItsOrderBehindWhatWaitsAlready() {
        Mempool mempool = new Mempool(10);
        Transaction first = TestChain.recordEvent("e1", "hospital1", org.carechain.crypto.Hash.sha256(new byte[1]));
        Transaction second = TestChain.recordEvent("e2", "hospital1", org.carechain.crypto.Hash.sha256(new byte[1]));
        Transaction third = TestChain.recordEvent("e3", "hospital1", org.carechain.crypto.Hash.sha256(new byte[1]));
        Transaction other = TestChain.recordEvent("o", "hospital2", org.carechain.crypto.Hash.sha256(new byte[2]));
        // A restart lost e1; e3 and e2 arrived out of order.
        mempool.offerAll(sealed(third, other));
        mempool.offerAll(sealed(second));
        assertEquals(List.of("e3", "o", "e2"), keys(mempool));

        List<Mempool.Outcome> outcomes = mempool.offerAll(sealed(first, second, third));
        assertEquals(List.of(Mempool.Outcome.ACCEPTED, Mempool.Outcome.DUPLICATE, Mempool.Outcome.DUPLICATE), outcomes);
        assertEquals(List.of("o", "e1", "e2", "e3"), keys(mempool));
    }

    @Test
    void aFullMempoolRefusesNewTransactionsButStillReordersWaitingOnes() {
        Mempool mempool = new Mempool(2);
        Transaction a = TestChain.recordEvent("a", "hospital1", org.carechain.crypto.Hash.sha256(new byte[1]));
        Transaction b = TestChain.recordEvent("b", "hospital1", org.carechain.crypto.Hash.sha256(new byte[1]));
        Transaction c = TestChain.recordEvent("c", "hospital1", org.carechain.crypto.Hash.sha256(new byte[1]));
        mempool.offerAll(sealed(a, b));
        assertEquals(List.of(Mempool.Outcome.FULL, Mempool.Outcome.DUPLICATE), mempool.offerAll(sealed(c, a)));
        assertEquals(List.of("b", "a"), keys(mempool));
        assertEquals(2, mempool.size());
    }
}
