package org.carechain.ledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.Ed25519MessageAuthenticator;
import org.carechain.consensus.SigningPayloads;
import org.carechain.consensus.ValidatorSet;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.InclusionProof;
import org.carechain.crypto.merkle.ProofVerifier;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.api.grpc.ProtoMapping;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TransactionBatch;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import org.carechain.ledger.core.significance.ImportantItem;
import org.carechain.ledger.core.significance.ItemCatalog;
import org.carechain.ledger.testing.TestConsortium;
import org.carechain.proto.ledger.v1.GetInclusionProofRequest;
import org.carechain.proto.ledger.v1.GetTreeHeadRequest;
import org.carechain.proto.ledger.v1.GetTreeHeadResponse;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.ledger.v1.SubmitBatchRequest;
import org.junit.jupiter.api.Test;

/**
 * A one-validator channel runs the real consensus core, WAL and commit path: a submitted batch
 * becomes a committed block whose certificate and inclusion proofs a client verifies.
 */
@QuarkusTest
@TestProfile(SingleValidatorNodeTest.OneValidator.class)
class SingleValidatorNodeTest {

    private static final Ed25519PrivateKey VALIDATOR = TestConsortium.VALIDATORS.get(0);

    @TestHTTPResource("/")
    URL root;

    public static class OneValidator implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createTempDirectory("carechain-solo");
                Genesis genesis = new Genesis("carechain-solo", Channel.EHR, 1_767_225_600_000L,
                        List.of(new Genesis.Member("solo", VALIDATOR.publicKey())),
                        List.of(new Genesis.Member("test-submitter", TestConsortium.SUBMITTER.publicKey())),
                        ProposerPolicyKind.LEAST_SIGNIFICANCE, Duration.ofSeconds(600), 1_000_000_000L,
                        new Genesis.Timeouts(500, 300, 300, 200), 5_000, 8 * 1024 * 1024,
                        ItemCatalog.builder().type("Observation", new ImportantItem("code", "code")).build());
                Path genesisDir = Files.createDirectories(dir.resolve("genesis"));
                Files.writeString(genesisDir.resolve("ehr.json"), GenesisJson.write(genesis));
                Path key = dir.resolve("solo.key");
                Files.writeString(key, HexFormat.of().formatHex(VALIDATOR.exportSeed()));
                return Map.of("carechain.ledger.genesis-dir", genesisDir.toString(),
                        "carechain.ledger.node-id", "solo",
                        "carechain.ledger.validator-key-file", key.toString(),
                        "carechain.database", "carechain_ledger_solo_test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(org.carechain.service.testing.ServiceTestResource.class,
                    Map.of("database", "carechain_ledger_solo_test")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void aSubmittedBatchIsCommittedWithAVerifiableCertificateAndProofs() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress(root.getHost(), root.getPort()).usePlaintext().build();
        try {
            LedgerServiceGrpc.LedgerServiceBlockingStub ledger = LedgerServiceGrpc.newBlockingStub(channel);
            List<Transaction> transactions = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                transactions.add(new Transaction(Channel.EHR, "solo-" + i, new RecordEvent("hospital1", "Observation",
                        Hash.sha256(new byte[] {(byte) i}), Hash.sha256(new byte[] {9}), RecordEvent.Operation.CREATE,
                        Hash.sha256(new byte[] {3}), new byte[] {1}, RecordEvent.SecurityLabel.N, "0/" + i, 1L)));
            }
            TransactionBatch batch = TransactionBatch.sign(transactions, TestConsortium.SUBMITTER);
            org.carechain.proto.ledger.v1.TransactionBatch.Builder proto = org.carechain.proto.ledger.v1.TransactionBatch
                    .newBuilder().setSubmitterKeyId(batch.submitter().hex()).setSignature(ByteString.copyFrom(batch.signature()));
            transactions.forEach(tx -> proto.addTransactions(ProtoMapping.transaction(tx)));
            ledger.withDeadlineAfter(20, TimeUnit.SECONDS).submitBatch(SubmitBatchRequest.newBuilder().setBatch(proto).build());

            GetTreeHeadResponse head = null;
            Instant deadline = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(deadline)) {
                try {
                    head = ledger.withDeadlineAfter(5, TimeUnit.SECONDS).getTreeHead(GetTreeHeadRequest.newBuilder()
                            .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR).build());
                    if (head.getTreeHead().getLogSize() >= transactions.size()) {
                        break;
                    }
                } catch (io.grpc.StatusRuntimeException notYet) {
                    // NOT_FOUND until the first block is committed
                }
                Thread.sleep(100);
            }
            assertTrue(head != null && head.getTreeHead().getLogSize() >= transactions.size(), "no block committed in time");

            CommitCertificate certificate = new CommitCertificate(head.getCommit().getHeight(), head.getCommit().getRound(),
                    Hash.of(head.getCommit().getBlockHash().toByteArray()),
                    head.getCommit().getSignaturesList().stream().map(s -> new org.carechain.consensus.CommitSignature(
                            s.getValidator(), org.carechain.consensus.Signature.of(s.getSignature().toByteArray()))).toList());
            CommitCertificate.verify(ValidatorSet.of(List.of("solo")), SigningPayloads.of("carechain-solo", "ehr"),
                    Ed25519MessageAuthenticator.create(Map.of("solo", VALIDATOR.publicKey())),
                    head.getTreeHead().getHeight(), Hash.of(head.getTreeHead().getBlockHash().toByteArray()), certificate);

            TreeHead treeHead = new TreeHead(head.getTreeHead().getLogSize(), Hash.of(head.getTreeHead().getLogRoot().toByteArray()));
            for (Transaction transaction : transactions) {
                var proof = ledger.withDeadlineAfter(5, TimeUnit.SECONDS).getInclusionProof(GetInclusionProofRequest.newBuilder()
                        .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_EHR)
                        .setTransactionHash(ProtoMapping.bytes(transaction.hash()))
                        .setTreeSize(treeHead.size()).build());
                List<Hash> path = proof.getAuditPathList().stream().map(b -> Hash.of(b.toByteArray())).toList();
                ProofVerifier.verifyInclusion(new InclusionProof(proof.getLeafIndex(), proof.getTreeSize(), path),
                        transaction.hash(), treeHead);
            }
            assertEquals(transactions.size(), treeHead.size());
        } finally {
            channel.shutdownNow();
        }
    }
}
