package org.carechain.search.server;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.InvalidKeyException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.crypto.sign.Ed25519Verify;

/**
 * The owners this host stores entries for, with the Ed25519 key that signs each one's pushes
 * ({@code carechain.search.server.owners}). Read once at start-up; a malformed list stops the
 * service with the reason, rather than leaving an owner silently unable to push.
 */
@ApplicationScoped
@Startup
public class HostedOwners {

    /** A provider id, as registration-service's organisations are spelt. */
    public static final Pattern OWNER = Pattern.compile("[a-z0-9.-]{1,63}");

    @Inject
    SearchServerConfig config;

    private volatile Map<String, Ed25519Verify> verifiers = Map.of();

    @PostConstruct
    void load() {
        if (config.enabled()) {
            verifiers = Map.copyOf(parse(config.owners().orElse(List.of())));
        }
    }

    /** The key check of a hosted owner; empty for an owner this host does not serve. */
    public Optional<Ed25519Verify> verifier(String owner) {
        return Optional.ofNullable(verifiers.get(owner));
    }

    public boolean hosts(String owner) {
        return verifiers.containsKey(owner);
    }

    /**
     * Parses {@code owner:hex-public-key} entries.
     *
     * @throws IllegalArgumentException naming the first malformed entry by its position
     */
    static Map<String, Ed25519Verify> parse(List<String> entries) {
        Map<String, Ed25519Verify> parsed = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = "carechain.search.server.owners[" + i + "]";
            String entry = entries.get(i).strip();
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(where + ": expected owner:hex-ed25519-public-key");
            }
            String owner = entry.substring(0, colon);
            if (!OWNER.matcher(owner).matches()) {
                throw new IllegalArgumentException(where + ": the owner must be 1 to 63 characters of [a-z0-9.-]");
            }
            if (parsed.containsKey(owner)) {
                throw new IllegalArgumentException(where + ": owner " + owner + " is listed twice");
            }
            parsed.put(owner, Ed25519Verify.create(publicKey(entry.substring(colon + 1), where)));
        }
        return parsed;
    }

    private static Ed25519PublicKey publicKey(String hex, String where) {
        try {
            return Ed25519PublicKey.create(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException | InvalidKeyException e) {
            throw new IllegalArgumentException(where + ": the key must be " + Ed25519PublicKey.SIZE * 2
                    + " hex digits, a raw Ed25519 public key");
        }
    }
}
