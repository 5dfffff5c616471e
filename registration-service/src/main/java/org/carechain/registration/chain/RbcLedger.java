package org.carechain.registration.chain;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.proto.registration.v1.RegistrationRecord;
import org.carechain.registration.identity.Rid;
import org.carechain.registration.keys.RegistrationConfig;
import org.carechain.service.ledger.LedgerSubmitter;

/**
 * Writes registration record versions to the {@code rbc} channel: one transaction per version,
 * idempotent per (rid, version), through the shared {@link LedgerSubmitter}.
 */
@ApplicationScoped
public class RbcLedger {

    /** The type URL of the transactions' payload. */
    public static final String TYPE_URL = LedgerSubmitter.typeUrl(RegistrationRecord.getDescriptor());

    @Inject
    LedgerSubmitter submitter;

    @Inject
    RegistrationConfig config;

    /** {@code rbc/<rid hex>/<version>}: unique per record version, the same for every retry of it. */
    public static String idempotencyKey(Rid rid, int version) {
        return "rbc/" + rid.hex() + "/" + version;
    }

    /** The ledger transaction that carries one record version. */
    public static Transaction transaction(RegistrationRecord record) {
        Rid rid = Rid.of(record.getRid().toByteArray());
        return LedgerSubmitter.transaction(Channel.RBC, idempotencyKey(rid, record.getVersion()), record);
    }

    /**
     * Submits the record version and completes with the transaction's hash once the ledger accepted it.
     * Fails with a 503 if the ledger cannot be reached or refuses it.
     */
    public Uni<Hash> record(RegistrationRecord record, Ed25519PrivateKey submitterKey) {
        return submitter.submit(List.of(transaction(record)), submitterKey, config.ledgerTimeout())
                .map(hashes -> hashes.get(0));
    }
}
