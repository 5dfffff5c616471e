package org.carechain.bench.ehr;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.Iterator;
import java.util.Locale;
import org.carechain.bench.ledger.Args;
import org.carechain.bench.ledger.Results;
import org.carechain.proto.ledger.v1.Channel;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.ledger.v1.ListRecordsRequest;
import org.carechain.proto.ledger.v1.ListRecordsResponse;

/**
 * The rate at which a validator streams a provider's record listing (ListRecords, the audit's chain
 * input) to a client that only counts the records: {@code --repeat} times, one line each.
 */
public final class ListRecordsRate {

    private ListRecordsRate() {}

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        ManagedChannel channel = ManagedChannelBuilder.forTarget(args.string("target")).usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024).build();
        try {
            for (int run = 0; run < args.number("repeat", 3); run++) {
                long start = System.nanoTime();
                long records = 0;
                long pages = 0;
                long height = 0;
                Iterator<ListRecordsResponse> responses = LedgerServiceGrpc.newBlockingStub(channel).listRecords(
                        ListRecordsRequest.newBuilder().setChannel(Channel.CHANNEL_EHR).setProvider(args.string("provider")).build());
                while (responses.hasNext()) {
                    ListRecordsResponse page = responses.next();
                    records += page.getRecordsCount();
                    height = page.getHeight();
                    pages++;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                String out = String.format(Locale.ROOT, "RESULT label=list-records target=%s records=%d pages=%d height=%d "
                        + "seconds=%.2f records_per_s=%.0f", args.string("target"), records, pages, height, seconds, records / seconds);
                Results.report(args, out);
            }
        } finally {
            channel.shutdownNow();
        }
    }
}
