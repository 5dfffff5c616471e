package org.carechain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.fhirpath.IFhirPath;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.demo.EhrDemo;
import org.carechain.crypto.Hash;
import org.carechain.ehr.fhir.Fhir;
import org.carechain.ehr.fhir.PatientLinks;
import org.carechain.ehr.record.ContentHash;
import org.carechain.ehr.record.Pseudonyms;
import org.carechain.ledger.core.significance.ImportantItem;
import org.carechain.ledger.core.significance.ItemCatalog;
import org.carechain.proto.ledger.v1.Block;
import org.carechain.proto.ledger.v1.Channel;
import org.carechain.proto.ledger.v1.GetBlockRequest;
import org.carechain.proto.ledger.v1.GetSignificanceRequest;
import org.carechain.proto.ledger.v1.GetSignificanceResponse;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.ledger.v1.ProviderSignificance;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** What the cluster test checks of the EHR path, against the real databases and the real ledger. */
final class EhrClusterChecks implements AutoCloseable {

    private final LocalCluster cluster;
    private final EhrDemo ehr;
    private final ManagedChannel channel;
    private final LedgerServiceGrpc.LedgerServiceBlockingStub ledger;

    EhrClusterChecks(LocalCluster cluster, EhrDemo ehr) {
        this.cluster = cluster;
        this.ehr = ehr;
        this.channel = ManagedChannelBuilder.forTarget(cluster.auditTarget()).usePlaintext().build();
        this.ledger = LedgerServiceGrpc.newBlockingStub(channel);
    }

    private LedgerServiceGrpc.LedgerServiceBlockingStub stub() {
        return ledger.withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    long height() {
        return stub().getSignificance(GetSignificanceRequest.newBuilder().setChannel(Channel.CHANNEL_EHR).build()).getHeight();
    }

    Block block(long height) {
        return stub().getBlock(GetBlockRequest.newBuilder().setChannel(Channel.CHANNEL_EHR).setHeight(height).build()).getBlock();
    }

    /**
     * The paper's formula, computed here from the providers' raw rows with exact fractions, on its
     * own: only the FHIRPath evaluation is HAPI's. Returns each provider's significance at
     * {@code height} in nano units, floored, as the ledger must report it.
     */
    Map<String, Long> significanceFromRawData(List<String> providers, ItemCatalog catalog, long blockRewardNano, long height)
            throws SQLException {
        IFhirPath fhirPath = Fhir.context().newFhirPath();
        // (mpi, type, item) -> providers holding a live record of that type for that patient filling that item
        Map<String, Set<String>> holders = new HashMap<>();
        // provider -> list of (mpi, type, filled items)
        Map<String, List<Object[]>> records = new HashMap<>();
        for (String provider : providers) {
            List<Object[]> own = new ArrayList<>();
            try (Connection db = ehr.connect(provider); Statement query = db.createStatement();
                    ResultSet rows = query.executeQuery("SELECT res_type, content::text FROM fhir_resource")) {
                while (rows.next()) {
                    String type = rows.getString(1);
                    if (!catalog.covers(type)) {
                        continue;
                    }
                    IBaseResource resource = Fhir.parse(rows.getString(2));
                    String mpi = PatientLinks.mpiId(resource).orElseThrow();
                    List<ImportantItem> items = catalog.items(type);
                    Set<Integer> filled = new HashSet<>();
                    for (int i = 0; i < items.size(); i++) {
                        List<IBase> result = fhirPath.evaluate(resource, items.get(i).fhirPath(), IBase.class);
                        if (!result.isEmpty()) {
                            filled.add(i);
                            holders.computeIfAbsent(mpi + "|" + type + "|" + i, k -> new HashSet<>()).add(provider);
                        }
                    }
                    own.add(new Object[] {mpi, type, filled});
                }
            }
            records.put(provider, own);
        }
        Map<String, Integer> proposed = new HashMap<>();
        for (long h = 1; h <= height; h++) {
            proposed.merge(block(h).getHeader().getProposer(), 1, Integer::sum);
        }
        Map<String, Long> nano = new TreeMap<>();
        BigInteger billion = BigInteger.TEN.pow(9);
        for (String provider : providers) {
            // s = sum over records of (1/omega) * sum over filled items of 1/n, as one exact fraction num/den
            BigInteger num = BigInteger.ZERO;
            BigInteger den = BigInteger.ONE;
            for (Object[] record : records.get(provider)) {
                String mpi = (String) record[0];
                String type = (String) record[1];
                @SuppressWarnings("unchecked")
                Set<Integer> filled = (Set<Integer>) record[2];
                BigInteger omega = BigInteger.valueOf(catalog.omega(type));
                for (int item : filled) {
                    BigInteger n = BigInteger.valueOf(holders.get(mpi + "|" + type + "|" + item).size());
                    BigInteger termDen = omega.multiply(n);
                    num = num.multiply(termDen).add(den);
                    den = den.multiply(termDen);
                    BigInteger gcd = num.gcd(den);
                    num = num.divide(gcd);
                    den = den.divide(gcd);
                }
            }
            BigInteger rewards = BigInteger.valueOf(blockRewardNano).multiply(BigInteger.valueOf(proposed.getOrDefault(provider, 0)));
            nano.put(provider, num.multiply(billion).divide(den).add(rewards).longValueExact());
        }
        return nano;
    }

    Map<String, Long> significanceOnChain(List<String> providers, long height) {
        GetSignificanceResponse table = stub().getSignificance(GetSignificanceRequest.newBuilder()
                .setChannel(Channel.CHANNEL_EHR).setHeight(height).build());
        assertEquals(height, table.getHeight());
        Map<String, Long> nano = new TreeMap<>();
        for (ProviderSignificance row : table.getProvidersList()) {
            if (providers.contains(row.getProvider())) {
                nano.put(row.getProvider(), row.getSignificanceNano());
            }
        }
        return nano;
    }

    /** One change the database's own history recorded, as the chain must show it. */
    record ExpectedEvent(Hash recordRef, String op, Hash contentHash) {
        @Override
        public String toString() {
            return op + " " + recordRef.toHex().substring(0, 12) + " " + contentHash.toHex().substring(0, 12);
        }
    }

    long lastHistorySeq(String provider) throws SQLException {
        try (Connection db = ehr.connect(provider); Statement query = db.createStatement();
                ResultSet last = query.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM fhir_resource_history")) {
            last.next();
            return last.getLong(1);
        }
    }

    /**
     * Every change after {@code afterSeq} in the database's history table (kept by a trigger, so
     * it holds every committed change whoever made it), as the record events capture must write.
     */
    List<ExpectedEvent> historyAfter(String provider, long afterSeq) throws SQLException {
        Pseudonyms pseudonyms = new Pseudonyms(ehr.keys(provider));
        ContentHash hashes = ContentHash.forProvider(ehr.keys(provider));
        List<ExpectedEvent> expected = new ArrayList<>();
        // A delete's content is the version before it: the previous history row of the same resource.
        try (Connection db = ehr.connect(provider); PreparedStatement query = db.prepareStatement("""
                SELECT res_type, res_id, res_ver, operation, content FROM (
                    SELECT seq, res_type, res_id, res_ver, operation,
                           COALESCE(content, LAG(content) OVER (PARTITION BY res_type, res_id ORDER BY seq))::text
                               AS content
                    FROM fhir_resource_history) h
                WHERE seq > ? ORDER BY seq""")) {
            query.setLong(1, afterSeq);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String type = rows.getString(1);
                    String id = rows.getString(2);
                    int version = rows.getInt(3);
                    String op = switch (rows.getString(4)) {
                        case "C" -> "CREATE";
                        case "U" -> "UPDATE";
                        default -> "DELETE";
                    };
                    expected.add(new ExpectedEvent(pseudonyms.recordRef(provider, type, id), op,
                            hashes.of(type, id, version, rows.getString(5))));
                }
            }
        }
        return expected;
    }

    /** The provider's record events in blocks {@code afterHeight + 1 .. toHeight}, in chain order. */
    List<ExpectedEvent> chainEventsBetween(String provider, long afterHeight, long toHeight, Set<String> idempotencyKeys) {
        List<ExpectedEvent> events = new ArrayList<>();
        for (long h = afterHeight + 1; h <= toHeight; h++) {
            for (var transaction : block(h).getTransactionsList()) {
                if (transaction.hasRecordEvent() && transaction.getRecordEvent().getProvider().equals(provider)) {
                    var event = transaction.getRecordEvent();
                    assertTrue(idempotencyKeys.add(transaction.getIdempotencyKey()),
                            "idempotency key " + transaction.getIdempotencyKey() + " committed twice");
                    events.add(new ExpectedEvent(Hash.of(event.getRecordRef().toByteArray()),
                            event.getOp().name().substring("OPERATION_".length()),
                            Hash.of(event.getContentHash().toByteArray())));
                }
            }
        }
        return events;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
