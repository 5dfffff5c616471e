package org.carechain.cli.verify;

import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.carechain.crypto.merkle.ConsistencyProof;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.verify.CertifiedHeader;
import org.carechain.ledger.core.verify.LedgerVerifier;
import org.carechain.ledger.core.verify.VerificationException;
import org.carechain.proto.ledger.v1.Block;
import org.carechain.proto.ledger.v1.Channel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "consistency", mixinStandardHelpOptions = true,
        description = {"Verify that the ledger's log only grew between two blocks: both block headers are signed by more",
                "than 2/3 of the genesis validators, and the log of the later block extends the log of the earlier one."})
final class VerifyConsistencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--genesis", required = true, description = "The channel's genesis file (JSON).")
    Path genesisFile;

    @Option(names = "--target", required = true, description = "The ledger's gRPC address, host:port.")
    String target;

    @Option(names = "--from-height", required = true, description = "The earlier block.")
    long fromHeight;

    @Option(names = "--to-height", required = true, description = "The later block.")
    long toHeight;

    @Override
    public Integer call() {
        if (fromHeight < 1 || toHeight < fromHeight) {
            throw new IllegalArgumentException("heights must satisfy 1 <= --from-height <= --to-height");
        }
        Genesis genesis = VerifyFiles.genesis(genesisFile);
        LedgerClient client = LedgerClient.connect(target);
        try {
            return fetchAndVerify(client, genesis);
        } catch (StatusRuntimeException e) {
            spec.commandLine().getErr().println("carechain: " + client.describe(e));
            return VerificationReport.CANNOT_VERIFY;
        } finally {
            client.close();
        }
    }

    private int fetchAndVerify(LedgerClient client, Genesis genesis) {
        Channel channel = ResponseMapping.channel(genesis.channel());
        Block first = client.block(channel, fromHeight);
        Block second = client.block(channel, toHeight);
        VerificationReport report = new VerificationReport(spec.commandLine().getOut());
        report.trustAnchor(genesis);
        LedgerVerifier verifier = LedgerVerifier.forGenesis(genesis);
        try {
            CertifiedHeader older = ResponseMapping.certifiedHeader(first);
            CertifiedHeader newer = ResponseMapping.certifiedHeader(second);
            // Only certified log heads are worth a proof; a forged size could not even be asked for.
            verifier.verifyCertified(older);
            verifier.verifyCertified(newer);
            ConsistencyProof proof = proofBetween(client, channel, older.header().log().size(), newer.header().log().size());
            verifier.verifyConsistency(older, newer, proof);
            return report.verified(LedgerVerifier.CONSISTENCY_CHECKS, "the log of block " + newer.height() + " ("
                    + newer.header().log().size() + " transactions) extends the log of block " + older.height() + " ("
                    + older.header().log().size() + " transactions); both blocks are certified by the genesis validators");
        } catch (VerificationException e) {
            return report.failed(LedgerVerifier.CONSISTENCY_CHECKS, e);
        } catch (IllegalArgumentException e) {
            return report.malformed(e.getMessage());
        }
    }

    /**
     * Asks the ledger only when there is something to prove: RFC 6962 has no proof from the empty
     * log, the proof between equal sizes is empty, and a shrinking log fails verification anyway.
     */
    private static ConsistencyProof proofBetween(LedgerClient client, Channel channel, long size1, long size2) {
        if (size1 == 0 || size1 >= size2) {
            return new ConsistencyProof(size1, size2, List.of());
        }
        return new ConsistencyProof(size1, size2,
                ResponseMapping.hashes(client.consistencyProof(channel, size1, size2), "proof"));
    }
}
