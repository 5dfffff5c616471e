package org.carechain.certificate.ca;

import com.google.protobuf.ByteString;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.carechain.certificate.CertificateException;
import org.carechain.certificate.consortium.TrustBundle;
import org.carechain.crypto.Hash;
import org.carechain.crypto.escrow.EscrowPublicKey;
import org.carechain.crypto.pki.CertificateAuthority;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.service.keys.KeyFiles;
import org.carechain.service.pki.Consortium;
import org.jboss.logging.Logger;

/**
 * This CA's keys and the consortium's genesis, read at start-up. A node without them still starts
 * (health, metrics, the local cluster's other services), logs which settings are missing, and
 * answers CA requests with 503. A setting that is present but wrong stops start-up, naming the
 * setting, never its value.
 */
@Startup
@ApplicationScoped
public class CaKeys {

    private static final Logger LOG = Logger.getLogger(CaKeys.class);

    @Inject
    CertificateConfig config;

    private Ed25519PrivateKey caKey;
    private TrustBundle.Root caRoot;
    private Ed25519PrivateKey submitterKey;
    private TokenKey tokenKey;
    private Consortium consortium;
    private CertificateAuthority ca;

    @PostConstruct
    void load() {
        List<String> missing = new ArrayList<>();
        caKey = config.caKeyFile().map(file -> KeyFiles.ed25519(file, "carechain.certificate.ca-key-file")).orElse(null);
        caRoot = config.caCertificateFile().map(CaKeys::root).orElse(null);
        submitterKey = config.submitterKeyFile()
                .map(file -> KeyFiles.ed25519(file, "carechain.certificate.submitter-key-file")).orElse(null);
        tokenKey = config.tokenKeyFile().map(file -> TokenKey.create((ECPrivateKey) KeyFiles.pkcs8(file, "EC",
                "carechain.certificate.token-key-file"))).orElse(null);
        consortium = config.cbcGenesisFile()
                .map(file -> Consortium.read(file, "carechain.certificate.cbc-genesis-file")).orElse(null);
        addIfMissing(missing, caKey, "ca-key-file");
        addIfMissing(missing, caRoot, "ca-certificate-file");
        addIfMissing(missing, submitterKey, "submitter-key-file");
        addIfMissing(missing, tokenKey, "token-key-file");
        addIfMissing(missing, consortium, "cbc-genesis-file");
        if (!missing.isEmpty()) {
            LOG.warnf("the CA is disabled until these settings are given: %s", String.join(", ", missing));
            return;
        }
        try {
            ca = CertificateAuthority.create(caKey, caRoot.certificate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("carechain.certificate.ca-certificate-file is not the certificate of the "
                    + "key in carechain.certificate.ca-key-file");
        }
        try {
            genesisBundle();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("carechain.certificate.cbc-genesis-file: " + e.getMessage());
        }
        if (genesisBundle().root(caRoot.id()).isEmpty()) {
            LOG.warnf("this CA's root %s is not in the cbc genesis trust bundle; it issues only once an update adds it",
                    caRoot.id());
        }
        LOG.infof("CA keys loaded: root %s, submitter %s, token key %s; %d root(s) in the genesis bundle", caRoot.id(),
                submitterKey.keyId(), tokenKey.keyId(), consortium.genesis().getTrustRootsCount());
    }

    private static void addIfMissing(List<String> missing, Object value, String setting) {
        if (value == null) {
            missing.add("carechain.certificate." + setting);
        }
    }

    public boolean configured() {
        return ca != null && submitterKey != null && tokenKey != null && consortium != null;
    }

    /** @throws CertificateException (503) if the keys are not configured */
    public void requireConfigured() {
        if (!configured()) {
            throw CertificateException.notConfigured();
        }
    }

    public Ed25519PrivateKey caKey() {
        requireConfigured();
        return caKey;
    }

    /** This CA's root certificate; its id names the CA on chain. */
    public TrustBundle.Root caRoot() {
        requireConfigured();
        return caRoot;
    }

    public Hash caId() {
        return caRoot().id();
    }

    /** This CA: its key with its root certificate. */
    public CertificateAuthority ca() {
        requireConfigured();
        return ca;
    }

    /** The consortium escrow key that link tags are encrypted to. */
    public EscrowPublicKey escrowKey() {
        return consortium().escrowKey();
    }

    public Ed25519PrivateKey submitterKey() {
        requireConfigured();
        return submitterKey;
    }

    public TokenKey tokenKey() {
        requireConfigured();
        return tokenKey;
    }

    public Consortium consortium() {
        requireConfigured();
        return consortium;
    }

    /** The trust bundle the cbc genesis fixes. */
    public TrustBundle genesisBundle() {
        return TrustBundle.genesis(consortium().genesis().getTrustRootsList().stream().map(ByteString::toByteArray).toList());
    }

    private static TrustBundle.Root root(String file) {
        byte[] der = KeyFiles.pem(file, "CERTIFICATE", "carechain.certificate.ca-certificate-file");
        try {
            return TrustBundle.root(der);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("carechain.certificate.ca-certificate-file: " + e.getMessage());
        }
    }

}
