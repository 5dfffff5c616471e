package org.carechain.registration.keys;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.carechain.crypto.escrow.EscrowPublicKey;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.registration.RegistrationException;
import org.carechain.registration.identity.CommitmentKey;
import org.carechain.service.keys.KeyFiles;
import org.carechain.service.pki.Consortium;
import org.jboss.logging.Logger;

/**
 * The registration authority's keys, read at start-up. A node without them still starts (so
 * health, metrics and the other services' local cluster work), logs which settings are missing,
 * and answers every registration request with 503 until they are set. A setting that is present
 * but wrong stops start-up, naming the setting, never its value.
 */
@Startup
@ApplicationScoped
public class RegistrationKeys {

    private static final Logger LOG = Logger.getLogger(RegistrationKeys.class);

    @Inject
    RegistrationConfig config;

    private Ed25519PrivateKey submitterKey;
    private Ed25519PrivateKey credentialKey;
    private EscrowPublicKey escrowKey;
    private CommitmentKey commitmentKey;
    private Consortium consortium;

    @PostConstruct
    void load() {
        List<String> missing = new ArrayList<>();
        submitterKey = config.submitterKeyFile().map(file -> ed25519(file, "submitter-key-file")).orElse(null);
        credentialKey = config.credentialKeyFile().map(file -> ed25519(file, "credential-key-file")).orElse(null);
        escrowKey = config.escrowPublicKey().map(RegistrationKeys::escrow).orElse(null);
        commitmentKey = config.commitmentKeyFile().map(RegistrationKeys::commitment).orElse(null);
        consortium = config.cbcGenesisFile()
                .map(file -> Consortium.read(file, "carechain.registration.cbc-genesis-file")).orElse(null);
        if (consortium != null && escrowKey != null && !consortium.escrowKey().equals(escrowKey)) {
            throw new IllegalStateException("carechain.registration.escrow-public-key is not the escrow key of the "
                    + "consortium in carechain.registration.cbc-genesis-file");
        }
        if (consortium == null) {
            LOG.info("tracing is disabled until carechain.registration.cbc-genesis-file is given");
        }
        if (submitterKey == null) {
            missing.add("carechain.registration.submitter-key-file");
        }
        if (credentialKey == null) {
            missing.add("carechain.registration.credential-key-file");
        }
        if (escrowKey == null) {
            missing.add("carechain.registration.escrow-public-key");
        }
        if (commitmentKey == null) {
            missing.add("carechain.registration.commitment-key-file");
        }
        if (missing.isEmpty()) {
            LOG.infof("registration keys loaded: submitter %s, credential key %s, escrow key %s",
                    submitterKey.keyId(), credentialKey.keyId(), escrowKey.keyId());
        } else {
            LOG.warnf("registration is disabled until these settings are given: %s", String.join(", ", missing));
        }
    }

    public boolean configured() {
        return submitterKey != null && credentialKey != null && escrowKey != null && commitmentKey != null;
    }

    /** @throws RegistrationException (503) if the keys are not configured */
    public void requireConfigured() {
        if (!configured()) {
            throw RegistrationException.notConfigured();
        }
    }

    public Ed25519PrivateKey submitterKey() {
        requireConfigured();
        return submitterKey;
    }

    public Ed25519PrivateKey credentialKey() {
        requireConfigured();
        return credentialKey;
    }

    public Optional<Ed25519PrivateKey> credentialKeyIfConfigured() {
        return Optional.ofNullable(credentialKey);
    }

    public EscrowPublicKey escrowKey() {
        requireConfigured();
        return escrowKey;
    }

    /** The consortium's tracing policy and escrow verification keys. */
    public Consortium tracing() {
        requireConfigured();
        if (consortium == null || consortium.verificationKeys().isEmpty() || consortium.officers().isEmpty()) {
            throw RegistrationException.tracingDisabled();
        }
        return consortium;
    }

    public CommitmentKey commitmentKey() {
        requireConfigured();
        return commitmentKey;
    }

    private static Ed25519PrivateKey ed25519(String file, String setting) {
        return KeyFiles.ed25519(file, "carechain.registration." + setting);
    }

    private static CommitmentKey commitment(String file) {
        try {
            return CommitmentKey.create(KeyFiles.hex(file, "carechain.registration.commitment-key-file"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("carechain.registration.commitment-key-file must hold "
                    + CommitmentKey.SIZE + " bytes as hex");
        }
    }

    private static EscrowPublicKey escrow(String hex) {
        try {
            return EscrowPublicKey.create(HexFormat.of().parseHex(hex.strip()));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalStateException("carechain.registration.escrow-public-key must be an X25519 public key as 64 hex digits");
        }
    }
}
