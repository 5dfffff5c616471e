package org.carechain.ledger.node;

import java.util.Objects;
import org.carechain.consensus.ProposedValue;
import org.carechain.consensus.ValueCodec;
import org.carechain.crypto.Hash;
import org.carechain.ledger.core.chain.Block;

/** A proposed block as the consensus core sees it: its id is the header hash. */
public record LedgerValue(Block block) implements ProposedValue {

    /** Blocks travel and sit in the WAL in their canonical encoding. */
    public static final ValueCodec<LedgerValue> CODEC = new ValueCodec<>() {
        @Override
        public byte[] encode(LedgerValue value) {
            return value.block().canonicalBytes();
        }

        @Override
        public LedgerValue decode(byte[] bytes) {
            return new LedgerValue(Block.fromCanonicalBytes(bytes));
        }
    };

    public LedgerValue {
        Objects.requireNonNull(block, "block");
    }

    @Override
    public Hash id() {
        return block.hash();
    }
}
