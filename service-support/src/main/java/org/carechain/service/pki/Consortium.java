package org.carechain.service.pki;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carechain.crypto.escrow.EscrowPublicKey;
import org.carechain.crypto.escrow.EscrowVerificationKeys;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.proto.certificate.v1.ConsortiumGenesis;
import org.carechain.proto.certificate.v1.TracingOfficer;
import org.carechain.service.ledger.LedgerSubmitter;

/**
 * What the consortium fixed in the {@code cbc} genesis, read by the services that need it: the
 * trust roots, the escrow public key, the officers' verification keys, and who may approve a
 * trace. Checked when read: a wrong genesis stops start-up with the setting's name.
 */
public record Consortium(ConsortiumGenesis genesis, EscrowPublicKey escrowKey, Optional<EscrowVerificationKeys> verificationKeys,
        int threshold, Map<String, Officer> officers) {

    public static final String TYPE_URL = LedgerSubmitter.typeUrl(ConsortiumGenesis.getDescriptor());

    /** A CA officer who may approve traces: its signing key and its escrow share index. */
    public record Officer(String id, Ed25519PublicKey signingKey, int shareIndex) {}

    public Optional<Officer> officer(String id) {
        return Optional.ofNullable(officers.get(id));
    }

    /**
     * Reads the consortium from the cbc genesis file.
     *
     * @throws IllegalStateException naming {@code setting} if the file or its app state is wrong
     */
    public static Consortium read(String file, String setting) {
        Genesis genesis;
        try {
            genesis = GenesisJson.parse(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new IllegalStateException(setting + " cannot be read");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + ": " + e.getMessage());
        }
        if (genesis.channel() != Channel.CBC) {
            throw new IllegalStateException(setting + " is the genesis of channel " + genesis.channel().id() + ", not cbc");
        }
        byte[] state = genesis.appState(TYPE_URL)
                .orElseThrow(() -> new IllegalStateException(setting + " has no " + TYPE_URL + " app state"))
                .value();
        try {
            return of(ConsortiumGenesis.parseFrom(state));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(setting + ": the consortium app state is not a ConsortiumGenesis message");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + ": " + e.getMessage());
        }
    }

    /** @throws IllegalArgumentException if the escrow key, the verification keys or the tracing policy are inconsistent */
    public static Consortium of(ConsortiumGenesis genesis) {
        EscrowPublicKey escrowKey;
        try {
            escrowKey = EscrowPublicKey.create(genesis.getEscrowPublicKey().toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the consortium escrow public key is missing or not an X25519 key");
        }
        Optional<EscrowVerificationKeys> verificationKeys = Optional.empty();
        if (!genesis.getEscrowVerificationKeys().isEmpty()) {
            try {
                EscrowVerificationKeys keys = EscrowVerificationKeys.parse(genesis.getEscrowVerificationKeys().toByteArray());
                if (!keys.escrowKey().equals(escrowKey)) {
                    throw new IllegalArgumentException("the escrow verification keys are for another escrow key");
                }
                verificationKeys = Optional.of(keys);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("the escrow verification keys are malformed");
            }
        }
        Map<String, Officer> officers = new HashMap<>();
        Set<Integer> indices = new HashSet<>();
        for (TracingOfficer officer : genesis.getTracing().getOfficersList()) {
            try {
                Officer parsed = new Officer(officer.getOfficerId(),
                        Ed25519PublicKey.create(officer.getSigningKey().toByteArray()), officer.getShareIndex());
                if (officers.put(parsed.id(), parsed) != null || !indices.add(parsed.shareIndex())) {
                    throw new IllegalArgumentException("tracing officer " + parsed.id() + " or its share index is listed twice");
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("tracing officer " + officer.getOfficerId() + " has no Ed25519 signing key");
            }
        }
        int threshold = genesis.getTracing().getThreshold();
        if (!officers.isEmpty()) {
            EscrowVerificationKeys keys = verificationKeys.orElseThrow(
                    () -> new IllegalArgumentException("tracing officers are listed but no escrow verification keys"));
            if (threshold != keys.threshold()) {
                throw new IllegalArgumentException("the tracing threshold is not the escrow sharing's threshold");
            }
            if (indices.stream().anyMatch(index -> index < 1 || index > keys.officerCount())) {
                throw new IllegalArgumentException("a tracing officer's share index is outside 1.." + keys.officerCount());
            }
        }
        return new Consortium(genesis, escrowKey, verificationKeys, threshold, Map.copyOf(officers));
    }
}
