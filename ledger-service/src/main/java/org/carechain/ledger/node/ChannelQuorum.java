package org.carechain.ledger.node;

import java.util.Map;
import java.util.stream.Collectors;
import org.carechain.consensus.CommitCertificate;
import org.carechain.consensus.ConsensusMessage;
import org.carechain.consensus.Ed25519MessageAuthenticator;
import org.carechain.consensus.InvalidCertificateException;
import org.carechain.consensus.MessageAuthenticator;
import org.carechain.consensus.SigningPayloads;
import org.carechain.consensus.ValidatorSet;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.ledger.core.chain.Block;
import org.carechain.ledger.core.genesis.Genesis;

/** A channel's validators as its genesis names them, and what their signatures prove. */
record ChannelQuorum(ValidatorSet validators, SigningPayloads payloads, MessageAuthenticator authenticator) {

    static ChannelQuorum of(Genesis genesis) {
        Map<String, Ed25519PublicKey> keys = genesis.validators().stream()
                .collect(Collectors.toMap(Genesis.Member::id, Genesis.Member::publicKey));
        return new ChannelQuorum(ValidatorSet.of(genesis.validators().stream().map(Genesis.Member::id).toList()),
                SigningPayloads.of(genesis.chainId(), genesis.channel().id()), Ed25519MessageAuthenticator.create(keys));
    }

    /**
     * Checks that more than 2/3 of the validators precommitted exactly this block at its height.
     *
     * @throws InvalidCertificateException naming the first problem found
     */
    void verify(Block block, CommitCertificate certificate) throws InvalidCertificateException {
        CommitCertificate.verify(validators, payloads, authenticator, block.header().height(), block.hash(), certificate);
    }

    /** Whether a validator of this channel signed the message. */
    boolean isAuthentic(ConsensusMessage message) {
        return validators.contains(message.sender())
                && authenticator.isAuthentic(message.sender(), payloads.of(message), message.signature());
    }
}
