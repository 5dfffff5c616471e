package org.carechain.ehr.audit;

import java.util.Objects;
import org.carechain.crypto.Hash;

/**
 * One row of the provider's database as the audit sees it: its record pseudonym, its version and
 * the content hash recomputed from the stored row. No id and no content.
 */
public record RowDigest(String resourceType, Hash recordRef, int version, Hash contentHash) {

    public RowDigest {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(recordRef, "recordRef");
        Objects.requireNonNull(contentHash, "contentHash");
    }
}
