package org.carechain.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.carechain.cli.cluster.CareChainService;
import org.carechain.cli.cluster.ClusterConfig;
import org.carechain.cli.cluster.DevTokenIssuer;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.cluster.LocalConsortium;
import org.carechain.crypto.Hash;
import org.carechain.ehr.db.EhrDatabase;
import org.carechain.ehr.record.ContentHash;
import org.carechain.ehr.record.ProviderKeys;
import org.carechain.ledger.core.chain.RecordEvent;
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

@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Verify one EHR record: the chain's latest event for it is committed (inclusion proof, block header,",
                "commit certificate, checked against the genesis and fetched from a validator of your choice), and the",
                "record as stored now has exactly the content hash that event recorded.",
                "Exit code 0: verified; 1: not verified; 2: could not verify."})
final class VerifyRecordCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--type", required = true, description = "FHIR resource type, e.g. Observation.")
    String type;

    @Option(names = "--id", required = true, description = "The resource's id in the provider's database.")
    String id;

    @Option(names = "--provider", description = "The local cluster's provider, e.g. hospital1: sets --node, --token, "
            + "--target and --genesis for it.")
    String provider;

    @Option(names = "--node", description = "The provider's ledger node (REST), e.g. http://127.0.0.1:8081.")
    URI node;

    @Option(names = "--token", description = "A JWT for the node's REST API (roles clinician, auditor, admin, or the "
            + "record's patient).")
    String token;

    @Option(names = "--target", description = "Another validator's gRPC address, host:port, to fetch the proof from.")
    String target;

    @Option(names = "--genesis", description = "The ehr channel's genesis file.")
    Path genesisFile;

    @Option(names = "--database", description = "Recompute the row's hash from this EHR database yourself (with "
            + "--keys-dir), instead of taking the node's word for it.")
    String database;

    @Option(names = "--keys-dir", description = "The provider's keys, for --database.")
    Path keysDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (provider != null) {
            localDefaults();
        }
        if (node == null || token == null || target == null || genesisFile == null) {
            throw new IllegalArgumentException("give --provider (local cluster) or all of --node, --token, --target, --genesis");
        }
        Genesis genesis = VerifyFiles.genesis(genesisFile);
        JsonNode proof;
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            node.resolve("/api/v1/records/" + type + "/" + id + "/proof"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                err.println("carechain: the node answered " + response.statusCode() + ": " + response.body());
                return VerificationReport.CANNOT_VERIFY;
            }
            proof = JSON.readTree(response.body());
        } catch (IOException e) {
            err.println("carechain: cannot reach " + node + ": " + e.getMessage());
            return VerificationReport.CANNOT_VERIFY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return VerificationReport.CANNOT_VERIFY;
        }
        Hash recordRef = Hash.fromHex(proof.path("recordRef").asText());
        Hash transactionHash = Hash.fromHex(proof.path("chain").path("transactionHash").asText());
        out.printf("Record %s/%s of %s, pseudonym %s%n", type, id, proof.path("provider").asText(), recordRef.toHex());

        LedgerClient ledger = LedgerClient.connect(target);
        TransactionProof verified;
        try {
            verified = ResponseMapping.transactionProof(ledger.transaction(GetTransactionRequest.newBuilder()
                    .setChannel(ResponseMapping.channel(genesis.channel()))
                    .setTransactionHash(ByteString.copyFrom(transactionHash.toByteArray())).build()));
            LedgerVerifier.forGenesis(genesis).verifyTransaction(TransactionQuery.byHash(transactionHash), verified);
        } catch (StatusRuntimeException e) {
            err.println("carechain: " + ledger.describe(e));
            return VerificationReport.CANNOT_VERIFY;
        } catch (VerificationException | IllegalArgumentException e) {
            out.println("  FAILED the chain's latest event for the record is committed: " + e.getMessage());
            out.println("NOT VERIFIED");
            return VerificationReport.NOT_VERIFIED;
        } finally {
            ledger.close();
        }
        out.printf("  OK     the chain's latest event (transaction %s) is in block %d, leaf %d, under a header "
                + "certified by %d of %d validators (fetched from %s)%n", transactionHash.toHex().substring(0, 16),
                verified.height(), verified.inclusion().leafIndex(), verified.block().certificate().signatures().size(),
                genesis.validators().size(), target);
        if (!(verified.transaction().payload() instanceof RecordEvent event) || !event.recordRef().equals(recordRef)
                || !event.resourceType().equals(type)) {
            out.println("  FAILED the event is about this record");
            out.println("NOT VERIFIED: the node pointed at an event of another record");
            return VerificationReport.NOT_VERIFIED;
        }
        out.println("  OK     the event is about this record (" + event.op() + " at source position "
                + event.sourcePosition() + ")");
        Hash rowHash;
        int rowVersion;
        try {
            if (database != null) {
                var row = readRow(event.provider());
                if (row == null) {
                    return notVerified(out, "the row does not exist in " + database);
                }
                rowHash = row.hash();
                rowVersion = row.version();
                out.println("  OK     the row's content hash, recomputed here from " + database + ": " + rowHash.toHex());
            } else {
                if (!proof.path("row").path("found").asBoolean()) {
                    return notVerified(out, "the provider's database no longer holds the record");
                }
                rowHash = Hash.fromHex(proof.path("row").path("contentHash").asText());
                rowVersion = proof.path("row").path("version").asInt();
                out.println("  OK     the row's content hash, as the provider's node computed it: " + rowHash.toHex());
            }
        } catch (SQLException | IOException e) {
            err.println("carechain: cannot read the row: " + e.getMessage());
            return VerificationReport.CANNOT_VERIFY;
        }
        if (event.op() == RecordEvent.Operation.DELETE) {
            return notVerified(out, "the chain's latest event deleted the record, but the row exists");
        }
        if (!event.contentHash().equals(rowHash)) {
            return notVerified(out, "the row's content hash " + rowHash.toHex().substring(0, 16)
                    + " is not the one the chain recorded, " + event.contentHash().toHex().substring(0, 16)
                    + ": the row changed without a trace");
        }
        out.println("  OK     the row is exactly what the chain recorded (version " + rowVersion + ")");
        out.println("VERIFIED: " + type + "/" + id + " is authentic: its content is what block " + verified.height()
                + " committed");
        return VerificationReport.VERIFIED;
    }

    private static int notVerified(PrintWriter out, String reason) {
        out.println("  FAILED " + reason);
        out.println("NOT VERIFIED: " + reason);
        return VerificationReport.NOT_VERIFIED;
    }

    private record Row(int version, Hash hash) {}

    private Row readRow(String provider) throws SQLException, IOException {
        if (keysDir == null) {
            throw new IllegalArgumentException("--database needs --keys-dir");
        }
        ContentHash hashes = ContentHash.forProvider(ProviderKeys.load(keysDir));
        try (Connection connection = EhrDatabase.fromEnvironment(System.getenv(), database).connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT res_ver, content::text FROM fhir_resource WHERE res_type = ? AND res_id = ?")) {
            select.setString(1, type);
            select.setString(2, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new Row(row.getInt(1), hashes.of(type, id, row.getInt(1), row.getString(2))) : null;
            }
        }
    }

    /** The local cluster's node, token, target and genesis for {@code --provider}. */
    private void localDefaults() {
        ClusterConfig config = ClusterConfig.forCheckout(ClusterConfig.findHome(Path.of("")), System.getenv());
        LocalCluster cluster = LocalCluster.load(config).orElseThrow(() -> new IllegalArgumentException(
                "--provider needs a running local cluster (./carechain up)"));
        CareChainService capturing = CareChainService.ehrProviders().stream()
                .filter(v -> v.ehrProvider().orElseThrow().equals(provider)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the local cluster has no provider " + provider));
        if (node == null) {
            node = cluster.uri(capturing);
        }
        if (token == null) {
            token = DevTokenIssuer.loadOrCreate(config.jwtDir(), config.jwtIssuer())
                    .mint("verify-record", List.of("auditor"), Duration.ofMinutes(5));
        }
        if (target == null) {
            target = cluster.auditTarget();
        }
        if (genesisFile == null) {
            genesisFile = new LocalConsortium(config.consortiumDir()).genesisDir().resolve("ehr.json");
        }
        if (database != null && keysDir == null) {
            keysDir = new LocalConsortium(config.consortiumDir()).providerKeysDir(provider);
        }
    }
}
