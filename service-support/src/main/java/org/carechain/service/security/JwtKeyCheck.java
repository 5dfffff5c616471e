package org.carechain.service.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start a service that has no way to verify tokens. Without this, a missing key file
 * only shows when the first caller is answered with a 500 on every protected endpoint.
 * A JWKS URL is not fetched here: the issuer may be briefly unreachable at start-up.
 */
@ApplicationScoped
public class JwtKeyCheck {

    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> location;

    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> inlineKey;

    void onStart(@Observes StartupEvent event) {
        if (inlineKey.isPresent()) {
            return;
        }
        String where = location.orElse("");
        if (where.startsWith("http://") || where.startsWith("https://")) {
            return;
        }
        boolean readable = !where.isBlank() && (where.startsWith("file:")
                ? Files.isReadable(Path.of(URI.create(where)))
                : Files.isReadable(Path.of(where)) || JwtKeyCheck.class.getClassLoader().getResource(where) != null);
        if (!readable) {
            throw new IllegalStateException("no token verification key: set CARECHAIN_JWT_PUBLIC_KEY_LOCATION to the "
                    + "issuer's public key (a PEM file) or its JWKS URL; '" + where + "' cannot be read");
        }
    }
}
