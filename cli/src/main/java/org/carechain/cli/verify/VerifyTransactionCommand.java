package org.carechain.cli.verify;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.verify.LedgerVerifier;
import org.carechain.ledger.core.verify.TransactionProof;
import org.carechain.ledger.core.verify.TransactionQuery;
import org.carechain.ledger.core.verify.VerificationException;
import org.carechain.proto.ledger.v1.GetTransactionRequest;
import org.carechain.proto.ledger.v1.GetTransactionResponse;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "tx", mixinStandardHelpOptions = true,
        description = {"Verify that a transaction is committed: the ledger's inclusion proof leads to the log root of a",
                "block header that more than 2/3 of the genesis validators signed."})
final class VerifyTransactionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--genesis", required = true, description = "The channel's genesis file (JSON).")
    Path genesisFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Asked asked;

    @Option(names = "--save", description = "Also write the ledger's response to this file, to verify again offline.")
    Path saveTo;

    static final class Source {
        @Option(names = "--target", required = true, description = "The ledger's gRPC address, host:port.")
        String target;

        @Option(names = "--response", required = true, description = "A saved GetTransaction response (protobuf JSON).")
        Path response;
    }

    static final class Asked {
        @Option(names = "--hash", required = true, description = "The transaction's hash: 64 hex digits.")
        String hash;

        @Option(names = "--key", required = true, description = "The transaction's idempotency key.")
        String key;

        TransactionQuery query() {
            if (key != null) {
                return TransactionQuery.byIdempotencyKey(key);
            }
            try {
                return TransactionQuery.byHash(Hash.fromHex(hash));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--hash must be 64 hex digits");
            }
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Genesis genesis = VerifyFiles.genesis(genesisFile);
        TransactionQuery query = asked.query();
        GetTransactionResponse response;
        if (source.response != null) {
            response = VerifyFiles.savedResponse(source.response);
        } else {
            LedgerClient client = LedgerClient.connect(source.target);
            try {
                response = client.transaction(request(genesis));
            } catch (StatusRuntimeException e) {
                spec.commandLine().getErr().println("carechain: " + client.describe(e));
                return VerificationReport.CANNOT_VERIFY;
            } finally {
                client.close();
            }
        }
        if (saveTo != null) {
            VerifyFiles.saveResponse(saveTo, response);
        }
        return verify(genesis, query, response, new VerificationReport(out));
    }

    private static int verify(Genesis genesis, TransactionQuery query, GetTransactionResponse response,
            VerificationReport report) {
        report.trustAnchor(genesis);
        TransactionProof proof;
        try {
            proof = ResponseMapping.transactionProof(response);
        } catch (IllegalArgumentException e) {
            return report.malformed(e.getMessage());
        }
        try {
            LedgerVerifier.forGenesis(genesis).verifyTransaction(query, proof);
        } catch (VerificationException e) {
            return report.failed(LedgerVerifier.TRANSACTION_CHECKS, e);
        }
        return report.verified(LedgerVerifier.TRANSACTION_CHECKS, "transaction " + proof.transaction().hash()
                + " is committed in block " + proof.height() + ", leaf " + proof.inclusion().leafIndex() + " of the log of "
                + proof.inclusion().treeSize() + " transactions, certified by " + proof.block().certificate().signatures().size()
                + " of " + genesis.validators().size() + " validators");
    }

    private GetTransactionRequest request(Genesis genesis) {
        GetTransactionRequest.Builder request =
                GetTransactionRequest.newBuilder().setChannel(ResponseMapping.channel(genesis.channel()));
        if (asked.key != null) {
            return request.setIdempotencyKey(asked.key).build();
        }
        return request.setTransactionHash(ByteString.copyFrom(Hash.fromHex(asked.hash).toByteArray())).build();
    }
}
