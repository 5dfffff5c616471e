package org.carechain.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.ledger.core.testing.TestChain;
import org.carechain.ledger.core.verify.Check;
import org.carechain.proto.ledger.v1.GetTransactionResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyTransactionCommandTest {

    @TempDir
    Path dir;

    private final TestChain chain = TestChain.build(21, 4, 6);
    private final Transaction transaction = chain.transactions().get(chain.transactions().size() / 2);
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
    void aCommittedTransactionVerifiesByHashAndByKey() {
        CommandRun byHash = verify("--hash", transaction.hash().toHex());
        assertEquals(0, byHash.exit(), byHash.toString());
        assertTrue(byHash.out().contains("VERIFIED: transaction " + transaction.hash() + " is committed in block "),
                byHash.toString());
        for (Check check : List.of(Check.REQUESTED, Check.BLOCK_ID, Check.SIGNATURES, Check.PROOF_TARGET, Check.INCLUSION)) {
            assertTrue(byHash.out().contains("OK     " + check.description()), check + "\n" + byHash);
        }
        CommandRun byKey = verify("--key", transaction.idempotencyKey());
        assertEquals(0, byKey.exit(), byKey.toString());
    }

    @Test
    void anAlteredTransactionIsNotVerified() {
        ledger.transactionForgery = response -> response.toBuilder()
                .setTransaction(response.getTransaction().toBuilder().setIdempotencyKey("someone-else")).build();
        assertFailedAt(Check.REQUESTED, verify("--hash", transaction.hash().toHex()));
        ledger.transactionForgery = response -> response.toBuilder()
                .setTransaction(response.getTransaction().toBuilder().setChannel(
                        org.carechain.proto.ledger.v1.Channel.CHANNEL_RBC)).build();
        assertFailedAt(Check.CHANNEL, verify("--hash", transaction.hash().toHex()));
    }

    @Test
    void aForgedAuditPathOrLeafIndexIsNotVerified() {
        ledger.transactionForgery = response -> response.toBuilder()
                .setLeafIndex(response.getLeafIndex() == 0 ? 1 : response.getLeafIndex() - 1).build();
        assertFailedAt(Check.INCLUSION, verify("--hash", transaction.hash().toHex()));
        ledger.transactionForgery = response -> response.toBuilder().addAuditPath(ChainLedger.bytes(Hash.sha256())).build();
        assertFailedAt(Check.INCLUSION, verify("--hash", transaction.hash().toHex()));
    }

    @Test
    void aHeaderOfAnotherBlockIsNotVerified() {
        long other = chain.proofOf(transaction).height() == 1 ? 2 : 1;
        ledger.transactionForgery = response -> response.toBuilder().setHeader(ChainLedger.header(chain.header(other))).build();
        assertFailedAt(Check.BLOCK_ID, verify("--hash", transaction.hash().toHex()));
    }

    @Test
    void aCertificateWithTooFewSignaturesIsNotVerified() {
        ledger.transactionForgery = response -> {
            var commit = response.getCommit().toBuilder();
            while (commit.getSignaturesCount() > 2) {
                commit.removeSignatures(0);
            }
            return response.toBuilder().setCommit(commit).build();
        };
        CommandRun run = verify("--hash", transaction.hash().toHex());
        assertFailedAt(Check.SIGNATURES, run);
        assertTrue(run.out().contains("2 signers, but 3 of 4 are needed"), run.toString());
    }

    @Test
    void aGenesisOfAnotherChainDoesNotVerifyTheProof() throws IOException {
        Files.writeString(genesis, GenesisJson.write(TestChain.genesis(Channel.EHR, "carechain-other", 4)));
        assertFailedAt(Check.SIGNATURES, verify("--hash", transaction.hash().toHex()));
    }

    @Test
    void aMalformedResponseIsNotVerified() {
        ledger.transactionForgery = response -> response.toBuilder()
                .setHeader(response.getHeader().toBuilder().setLogRoot(ByteString.copyFrom(new byte[31]))).build();
        CommandRun run = verify("--hash", transaction.hash().toHex());
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().contains("FAILED the ledger's response is well formed: header.log_root must be 32 bytes, got 31"),
                run.toString());
    }

    @Test
    void aSavedResponseVerifiesOfflineAndATamperedOneDoesNot() throws IOException {
        Path saved = dir.resolve("response.json");
        assertEquals(0, verify("--key", transaction.idempotencyKey(), "--save", saved.toString()).exit());
        ledger.close();
        CommandRun offline = CommandRun.of("verify", "tx", "--genesis", genesis.toString(), "--response", saved.toString(),
                "--key", transaction.idempotencyKey());
        assertEquals(0, offline.exit(), offline.toString());

        GetTransactionResponse.Builder tampered = GetTransactionResponse.newBuilder();
        com.google.protobuf.util.JsonFormat.parser().merge(Files.readString(saved), tampered);
        tampered.setTreeSize(tampered.getTreeSize() + 1);
        Files.writeString(saved, com.google.protobuf.util.JsonFormat.printer().print(tampered));
        assertFailedAt(Check.PROOF_TARGET, CommandRun.of("verify", "tx", "--genesis", genesis.toString(),
                "--response", saved.toString(), "--key", transaction.idempotencyKey()));

        Files.writeString(saved, "{\"leafIndex\": \"not a number\"}");
        CommandRun garbage = CommandRun.of("verify", "tx", "--genesis", genesis.toString(), "--response", saved.toString(),
                "--key", transaction.idempotencyKey());
        assertEquals(2, garbage.exit(), garbage.toString());
        assertTrue(garbage.err().contains("is not a saved GetTransaction response"), garbage.toString());
    }

    @Test
    void anUnknownTransactionOrAnUnreachableLedgerCannotBeVerified() throws IOException {
        CommandRun unknown = verify("--hash", Hash.sha256().toHex());
        assertEquals(2, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains("answered NOT_FOUND: no such transaction"), unknown.toString());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CommandRun unreachable = CommandRun.of("verify", "tx", "--genesis", genesis.toString(),
                "--target", "127.0.0.1:" + closedPort, "--hash", transaction.hash().toHex());
        assertEquals(2, unreachable.exit(), unreachable.toString());
        assertTrue(unreachable.err().contains("cannot reach the ledger at 127.0.0.1:" + closedPort), unreachable.toString());
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertUsageError(verify("--hash", "abc"), "--hash must be 64 hex digits");
        assertUsageError(CommandRun.of("verify", "tx", "--genesis", genesis.toString(), "--target", ledger.target()),
                "--hash");
        assertUsageError(CommandRun.of("verify", "tx", "--genesis", dir.resolve("missing.json").toString(),
                "--target", ledger.target(), "--key", "k"), "cannot read");
        assertUsageError(CommandRun.of("verify", "tx", "--genesis", genesis.toString(), "--target", "no-port",
                "--key", "k"), "--target must be host:port");
    }

    private CommandRun verify(String... asked) {
        List<String> args = new java.util.ArrayList<>(List.of("verify", "tx", "--genesis", genesis.toString(),
                "--target", ledger.target()));
        args.addAll(List.of(asked));
        return CommandRun.of(args.toArray(String[]::new));
    }

    static void assertFailedAt(Check check, CommandRun run) {
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().contains("FAILED " + check.description() + ": "), check + "\n" + run);
        assertTrue(run.out().contains("NOT VERIFIED: "), run.toString());
    }

    private static void assertUsageError(CommandRun run, String message) {
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains(message), message + "\n" + run);
    }
}
