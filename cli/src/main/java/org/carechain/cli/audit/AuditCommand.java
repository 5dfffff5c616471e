package org.carechain.cli.audit;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.carechain.cli.cluster.ClusterConfig;
import org.carechain.cli.verify.LedgerClient;
import org.carechain.cli.verify.ResponseMapping;
import org.carechain.cli.verify.VerifyFiles;
import org.carechain.crypto.Hash;
import org.carechain.ehr.audit.ChainRecord;
import org.carechain.ehr.audit.Finding;
import org.carechain.ehr.db.EhrDatabase;
import org.carechain.ehr.record.ProviderKeys;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.verify.LedgerVerifier;
import org.carechain.ledger.core.verify.TransactionProof;
import org.carechain.ledger.core.verify.TransactionQuery;
import org.carechain.ledger.core.verify.VerificationException;
import org.carechain.proto.ledger.v1.GetTransactionRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Compare every row of a provider's EHR database with the chain: rows changed, deleted or inserted",
                "behind capture's back, and versions the chain never saw. Each finding comes with the chain's proof.",
                "Exit code 0: no findings; 1: findings; 2: the audit could not run."})
public final class AuditCommand implements Callable<Integer> {

    static final int CLEAN = 0;
    static final int FINDINGS = 1;
    static final int CANNOT_RUN = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--provider", required = true, description = "The provider whose database to audit, e.g. hospital1.")
    String provider;

    @Option(names = "--database", description = "The EHR database (default: the local cluster's carechain_ehr_<provider>); "
            + "server and user from CARECHAIN_DB_HOST, _PORT, _USER, _PASSWORD.")
    String database;

    @Option(names = "--table", defaultValue = "public.fhir_resource", description = "The captured table (default: ${DEFAULT-VALUE}).")
    String table;

    @Option(names = "--keys-dir", description = "The provider's keys (content-salt.key, record.key, patient.key); default: "
            + "the local cluster's.")
    Path keysDir;

    @Option(names = "--target", description = "A ledger validator's gRPC address, host:port; preferably not the provider's "
            + "own (default: the local cluster's ledger-3).")
    String target;

    @Option(names = "--genesis", description = "The ehr channel's genesis file, to check each finding's proof "
            + "(default: the local cluster's).")
    Path genesisFile;

    @Option(names = "--show-ids", description = "Print each finding's resource id from the provider's database. Only for "
            + "people allowed to see it: ids are identifiers.")
    boolean showIds;

    @Option(names = "--max-proofs", defaultValue = "100", description = "Fetch and check the chain's proof for at most this "
            + "many findings (default: ${DEFAULT-VALUE}).")
    int maxProofs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalDefaults defaults = LocalDefaults.of(ClusterConfig.findHome(Path.of("").toAbsolutePath()), provider);
        EhrDatabase ehr = EhrDatabase.fromEnvironment(System.getenv(), database != null ? database : defaults.database());
        ProviderKeys keys;
        try {
            keys = ProviderKeys.load(keysDir != null ? keysDir : defaults.keysDir());
        } catch (IOException | IllegalArgumentException e) {
            err.println("carechain: cannot read the provider keys: " + e.getMessage());
            return CANNOT_RUN;
        }
        Genesis genesis = VerifyFiles.genesis(genesisFile != null ? genesisFile : defaults.genesisFile());
        String ledgerTarget = target != null ? target : defaults.target();
        LedgerClient ledger = LedgerClient.connect(ledgerTarget);
        try (Connection connection = ehr.connect()) {
            out.println("Auditing " + table + " of " + ehr + " for provider " + provider + " against the ledger at "
                    + ledgerTarget + ".");
            ChainListing listing = ChainListing.read(ledger.records(ResponseMapping.channel(genesis.channel()), provider));
            List<ChainRecord> chain = listing.records();
            out.printf("The chain holds %,d record(s) of %s (listing taken at height %d).%n", chain.size(), provider,
                    listing.height());
            long total = EhrAudit.rowCount(connection, table);
            Progress progress = new Progress(err, total);
            EhrAudit.Result result = new EhrAudit(provider, keys).run(connection, table, chain, progress::update);
            progress.done();
            report(out, err, ledger, genesis, result);
            return result.findings().isEmpty() ? CLEAN : FINDINGS;
        } catch (SQLException e) {
            err.println("carechain: cannot read the EHR database " + ehr + ": " + e.getMessage());
            return CANNOT_RUN;
        } catch (StatusRuntimeException e) {
            err.println("carechain: " + ledger.describe(e));
            return CANNOT_RUN;
        } finally {
            ledger.close();
        }
    }

    private void report(PrintWriter out, PrintWriter err, LedgerClient ledger, Genesis genesis, EhrAudit.Result result) {
        LedgerVerifier verifier = LedgerVerifier.forGenesis(genesis);
        int proofs = 0;
        for (Finding finding : result.findings()) {
            String id = showIds && result.localIds().containsKey(finding.recordRef())
                    ? " [" + result.localIds().get(finding.recordRef()).resourceType() + "/"
                            + result.localIds().get(finding.recordRef()).resourceId() + "]"
                    : "";
            out.println("FINDING " + finding.kind() + ": " + finding.explanation() + id);
            if (finding.chain().isPresent() && proofs < maxProofs) {
                proofs++;
                out.println("        proof: " + proof(ledger, verifier, finding.chain().get().transactionHash()));
            } else if (finding.chain().isEmpty()) {
                out.println("        proof: the chain's listing holds no event for this record");
            }
        }
        Map<Finding.Kind, Long> counts = new java.util.EnumMap<>(Finding.Kind.class);
        result.findings().forEach(f -> counts.merge(f.kind(), 1L, Long::sum));
        double seconds = result.elapsedNanos() / 1e9;
        out.printf("%nSummary: %,d row(s) checked against %,d chain record(s) in %.1f s (%,.0f rows/s).%n", result.rows(),
                result.chainRecords(), seconds, result.rows() / Math.max(seconds, 1e-9));
        for (Finding.Kind kind : Finding.Kind.values()) {
            out.printf("  %-24s %,d%n", kind.description() + ":", counts.getOrDefault(kind, 0L));
        }
        out.println(result.findings().isEmpty()
                ? "No findings: every row is what the chain recorded, and the chain saw every version."
                : result.findings().size() + " finding(s): each names the record by pseudonym; the proof is the chain's "
                        + "latest event for it, checked against the genesis validators.");
    }

    /** The finding's chain event, fetched and verified, in words. */
    private static String proof(LedgerClient ledger, LedgerVerifier verifier, Hash transactionHash) {
        try {
            var response = ledger.transaction(GetTransactionRequest.newBuilder()
                    .setChannel(ResponseMapping.channel(org.carechain.ledger.core.chain.Channel.EHR))
                    .setTransactionHash(ByteString.copyFrom(transactionHash.toByteArray())).build());
            TransactionProof proof = ResponseMapping.transactionProof(response);
            verifier.verifyTransaction(TransactionQuery.byHash(transactionHash), proof);
            return "transaction " + transactionHash.toHex().substring(0, 16) + " in block " + proof.height() + ", leaf "
                    + proof.inclusion().leafIndex() + ", certified by " + proof.block().certificate().signatures().size()
                    + " validators: verified";
        } catch (StatusRuntimeException e) {
            return "could not be fetched: " + ledger.describe(e);
        } catch (VerificationException | IllegalArgumentException e) {
            return "DOES NOT VERIFY: " + e.getMessage();
        }
    }

    /** A progress bar on the error stream, redrawn at most every 200 ms. */
    static final class Progress {
        private final PrintWriter err;
        private final long total;
        private final long start = System.nanoTime();
        private long lastDraw;

        Progress(PrintWriter err, long total) {
            this.err = err;
            this.total = Math.max(total, 1);
        }

        void update(long rows) {
            long now = System.nanoTime();
            if (now - lastDraw < 200_000_000L) {
                return;
            }
            lastDraw = now;
            draw(rows, now);
        }

        void done() {
            err.println();
            err.flush();
        }

        private void draw(long rows, long now) {
            int width = 30;
            int filled = (int) Math.min(width, rows * width / total);
            double rate = rows / Math.max((now - start) / 1e9, 1e-9);
            err.printf("\r  [%s%s] %3d%%  %,d / %,d rows  %,.0f rows/s", "#".repeat(filled), ".".repeat(width - filled),
                    Math.min(100, rows * 100 / total), rows, total, rate);
            err.flush();
        }
    }
}
