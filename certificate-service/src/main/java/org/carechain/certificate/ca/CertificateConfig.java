package org.carechain.certificate.ca;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of one consortium CA (docs/certificates.md). Key files are read once at start-up. */
@ConfigMapping(prefix = "carechain.certificate")
public interface CertificateConfig {

    /** Ed25519 seed (64 hex digits) of this CA's key: signs certificates, OCSP responses and CRLs. */
    Optional<String> caKeyFile();

    /** PEM of this CA's self-signed root certificate; it must be in the consortium trust bundle. */
    Optional<String> caCertificateFile();

    /** Ed25519 seed (64 hex digits) of the key that signs batches for the cbc channel. */
    Optional<String> submitterKeyFile();

    /** The cbc channel's genesis file (the ledger's), whose app state holds the trust bundle. */
    Optional<String> cbcGenesisFile();

    /** PKCS#8 PEM of the consortium's token key (EC P-256, ES256), shared by the consortium's CAs. */
    Optional<String> tokenKeyFile();

    /** The {@code iss} of login tokens; services trust it through {@code mp.jwt.verify.issuer}. */
    @WithDefault("https://issuer.carechain.local")
    String tokenIssuer();

    /** The {@code aud} of login tokens. */
    @WithDefault("carechain")
    String tokenAudience();

    @WithDefault("PT15M")
    Duration tokenLifetime();

    /** How long a login challenge may be answered. */
    @WithDefault("PT2M")
    Duration challengeLifetime();

    /** Validity of an anonymous certificate: short, so a lost key matters briefly. */
    @WithDefault("PT24H")
    Duration certificateValidity();

    /** How long an OCSP response is valid (its nextUpdate). */
    @WithDefault("PT1H")
    Duration ocspValidity();

    /** How long a CRL is valid (its nextUpdate). */
    @WithDefault("PT1H")
    Duration crlValidity();

    /** This CA's public base URL, written into certificates for OCSP ({@code /ocsp}) and the CRL ({@code /crl}). */
    @WithDefault("http://localhost:8083")
    String publicUrl();

    /** How long issuance waits for the ledger to take the record. */
    @WithDefault("PT5S")
    Duration ledgerTimeout();

    /** How long issuance and revocation wait for their record to be committed on cbc. */
    @WithDefault("PT15S")
    Duration commitTimeout();

    /** How long to wait for registration-service's answer. */
    @WithDefault("PT5S")
    Duration registrationTimeout();
}
