package org.carechain.search.owner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sse.MasterKeys;
import org.carechain.crypto.sse.SecurityLabel;
import org.carechain.ehr.record.ProviderKeys;
import org.carechain.service.keys.KeyFiles;

/**
 * The owner's secrets and grants, read once from the files {@link OwnerConfig} names. Without owner
 * mode enabled nothing is read, and asking for a key is a programming error.
 */
@ApplicationScoped
public class OwnerKeys {

    @Inject
    OwnerConfig config;

    private volatile Loaded loaded;

    private record Loaded(String provider, Ed25519PrivateKey ownerKey, MasterKeys masterKeys, ProviderKeys providerKeys,
            Map<String, Set<SecurityLabel>> grants) {}

    public boolean enabled() {
        return config.enabled();
    }

    public String provider() {
        return load().provider();
    }

    public Ed25519PrivateKey ownerKey() {
        return load().ownerKey();
    }

    public MasterKeys masterKeys() {
        return load().masterKeys();
    }

    public ProviderKeys providerKeys() {
        return load().providerKeys();
    }

    /** The labels a caller with these roles may search: the union over its roles. */
    public Set<SecurityLabel> grantsFor(Set<String> roles) {
        Set<SecurityLabel> labels = EnumSet.noneOf(SecurityLabel.class);
        for (String role : roles) {
            labels.addAll(load().grants().getOrDefault(role, Set.of()));
        }
        return labels;
    }

    private Loaded load() {
        Loaded current = loaded;
        if (current != null) {
            return current;
        }
        if (!config.enabled()) {
            throw new IllegalStateException("owner mode is not enabled");
        }
        synchronized (this) {
            if (loaded == null) {
                String provider = config.provider().filter(p -> !p.isBlank()).orElseThrow(() -> new IllegalStateException(
                        "owner mode needs carechain.search.owner.provider (CARECHAIN_SEARCH_OWNER_PROVIDER)"));
                Ed25519PrivateKey ownerKey = KeyFiles.ed25519(required(config.keyFile().orElse(""), "key-file"),
                        "carechain.search.owner.key-file");
                String masterFile = required(config.masterKeyFile().orElse(""), "master-key-file");
                MasterKeys masterKeys;
                ProviderKeys providerKeys;
                try {
                    masterKeys = MasterKeys.decode(Files.readAllBytes(Path.of(masterFile)));
                    providerKeys = ProviderKeys.load(Path.of(required(config.providerKeysDir().orElse(""),
                            "provider-keys-dir")), config.providerKeysPrefix().orElse(""));
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalStateException("cannot read the owner's keys: " + e.getMessage(), e);
                }
                Map<String, Set<SecurityLabel>> grants = new HashMap<>();
                config.grants().forEach((role, list) -> {
                    Set<SecurityLabel> labels = EnumSet.noneOf(SecurityLabel.class);
                    for (String code : list.split(",")) {
                        if (!code.isBlank()) {
                            labels.add(SecurityLabel.fromCode(code.strip().toUpperCase(Locale.ROOT)));
                        }
                    }
                    grants.put(role, labels);
                });
                loaded = new Loaded(provider, ownerKey, masterKeys, providerKeys, Map.copyOf(grants));
            }
            return loaded;
        }
    }

    private static String required(String value, String setting) {
        if (value.isBlank()) {
            throw new IllegalStateException("owner mode needs carechain.search.owner." + setting);
        }
        return value;
    }
}
