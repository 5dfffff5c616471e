package org.carechain.ehr.audit;

import java.util.Objects;
import java.util.Optional;
import org.carechain.crypto.Hash;

/**
 * A difference between the provider's database and the chain. It names the record by pseudonym;
 * whoever reports it to people who may see ids maps the pseudonym back.
 *
 * @param chain what the chain holds for the record (its proof is the transaction it names); empty
 *     when the chain has never seen the record
 * @param row the row as found; empty when the row is gone
 */
public record Finding(Kind kind, String resourceType, Hash recordRef, Optional<ChainRecord> chain, Optional<RowDigest> row) {

    /** What was found. */
    public enum Kind {
        /** The row's content is not what the chain's latest event for it says. */
        CHANGED_WITHOUT_TRACE("row changed without a trace"),
        /** The chain holds the record live, but the row is gone. */
        DELETED_WITHOUT_TRACE("row deleted without a trace"),
        /** The row exists, but the chain never saw it, or saw it deleted. */
        INSERTED_WITHOUT_TRACE("row inserted without a trace"),
        /** The row matches the chain's latest event, but the chain saw fewer versions than the row has. */
        HISTORY_GAP("versions missing from the chain");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(recordRef, "recordRef");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(row, "row");
    }

    /** One line in plain words, with pseudonyms and hashes only. */
    public String explanation() {
        String ref = resourceType + "/" + recordRef.toHex().substring(0, 16);
        return switch (kind) {
            case CHANGED_WITHOUT_TRACE -> ref + ": the row hashes to " + short12(row.orElseThrow().contentHash())
                    + " but the chain's latest event (height " + chain.orElseThrow().height() + ") says "
                    + short12(chain.orElseThrow().contentHash());
            case DELETED_WITHOUT_TRACE -> ref + ": the chain holds the record live since height "
                    + chain.orElseThrow().height() + ", but the row is gone";
            case INSERTED_WITHOUT_TRACE -> chain.isPresent()
                    ? ref + ": the row exists, but the chain's latest event (height " + chain.get().height()
                            + ") deleted it"
                    : ref + ": the row exists, but the chain has no event for it";
            case HISTORY_GAP -> ref + ": the row is at version " + row.orElseThrow().version() + ", but the chain saw "
                    + chain.orElseThrow().versions() + " version(s) since its creation";
        };
    }

    private static String short12(Hash hash) {
        return hash.toHex().substring(0, 12);
    }
}
