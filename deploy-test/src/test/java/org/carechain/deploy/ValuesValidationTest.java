package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Impossible settings fail the install with a message that names the problem and the fix; the
 * schema rejects unknown keys and wrong types.
 */
class ValuesValidationTest {

    private static final HelmChart CHART = HelmChart.workingCopy();

    static Stream<Arguments> impossibleSettings() {
        return Stream.of(
                Arguments.of("BFT with 3 validators", Map.of("ledger.validators", "3"),
                        List.of("3 validator(s) with ledger.bft.enabled=true", "Fix: set ledger.validators=4")),
                Arguments.of("BFT with 1 validator", Map.of("ledger.validators", "1"),
                        List.of("at least 4", "ledger.bft.enabled=false")),
                Arguments.of("some genesis files only", Map.of("ledger.genesis.files.ehr", "{}"),
                        List.of("1 of the 4 channel genesis files", "--set-file ledger.genesis.files.ehr")),
                Arguments.of("genesis files and an existing ConfigMap", Map.of(
                                "ledger.genesis.files.ehr", "{}", "ledger.genesis.files.rbc", "{}",
                                "ledger.genesis.files.cbc", "{}", "ledger.genesis.files.search", "{}",
                                "ledger.genesis.existingConfigMap", "genesis"),
                        List.of("both files and existingConfigMap")),
                Arguments.of("an external peer named like a local validator", Map.of(
                                "ledger.externalPeers[0].id", "carechain-ledger-1",
                                "ledger.externalPeers[0].host", "other.example.net",
                                "ledger.externalPeers[0].port", "443"),
                        List.of("\"carechain-ledger-1\" appears twice")),
                Arguments.of("capture without an EHR database host", Map.of("ledger.capture.enabled", "true"),
                        List.of("ledger.capture.enabled=true, but ledger.capture.database.host is empty",
                                "Fix: set ledger.capture.database.host")),
                Arguments.of("capture with fewer database names than validators", Map.of(
                                "ledger.capture.enabled", "true", "ledger.capture.database.host", "ehr-postgresql",
                                "ledger.capture.database.names[0]", "ehr_a", "ledger.capture.database.names[1]", "ehr_b",
                                "ledger.capture.database.names[2]", "ehr_c"),
                        List.of("ledger.capture.database.names lists 3 database(s) for 4 validator(s)",
                                "list exactly one EHR database per validator")),
                Arguments.of("capture with more database names than validators", Map.of(
                                "ledger.capture.enabled", "true", "ledger.capture.database.host", "ehr-postgresql",
                                "ledger.validators", "1", "ledger.bft.enabled", "false",
                                "ledger.capture.database.names[0]", "ehr_a", "ledger.capture.database.names[1]", "ehr_b"),
                        List.of("lists 2 database(s) for 1 validator(s)")),
                Arguments.of("a capture slot prefix PostgreSQL refuses", Map.of("ledger.capture.slotPrefix", "Capture-Slot"),
                        List.of("values don't meet the specifications of the schema", "slotPrefix")),
                Arguments.of("evaluation database without a password Secret", Map.of("postgresql.evaluation.enabled", "true"),
                        List.of("needs a password", "--set postgresql.auth.password", "carechain-postgresql")),
                Arguments.of("password and existing Secret", Map.of(
                                "postgresql.auth.password", "p", "postgresql.auth.existingSecret", "db"),
                        List.of("both password and existingSecret")),
                Arguments.of("registration without a ledger", Map.of(
                                "ledger.enabled", "false", "certificate.enabled", "false", "search.owner.enabled", "false"),
                        List.of("registration call the ledger", "endpoints.ledger.host")),
                Arguments.of("certificate without registration", Map.of("registration.enabled", "false"),
                        List.of("certificate calls registration-service", "endpoints.registration.host")),
                Arguments.of("JWKS and PEM key", Map.of(
                                "jwt.jwksUrl", "https://issuer.example/jwks", "jwt.existingConfigMap", "jwt"),
                        List.of("jwksUrl and a PEM key")),
                Arguments.of("a private key as JWT key", Map.of(
                                "jwt.publicKey", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"),
                        List.of("not a PEM public key", "never a private key")),
                Arguments.of("an Ingress the NetworkPolicy blocks", Map.of("registration.ingress.enabled", "true"),
                        List.of("registration.ingress.enabled=true", "networkPolicy.restIngressFrom")),
                Arguments.of("a ServiceMonitor the NetworkPolicy blocks", Map.of("metrics.serviceMonitor.enabled", "true"),
                        List.of("no scraper", "networkPolicy.metricsIngressFrom")),
                Arguments.of("autoscaling bounds reversed", Map.of(
                                "certificate.autoscaling.enabled", "true",
                                "certificate.autoscaling.minReplicas", "5", "certificate.autoscaling.maxReplicas", "3"),
                        List.of("minReplicas 5 is above maxReplicas 3")),
                Arguments.of("nothing enabled", Map.of(
                                "ledger.enabled", "false", "registration.enabled", "false",
                                "certificate.enabled", "false", "search.owner.enabled", "false"),
                        List.of("nothing to deploy")),
                Arguments.of("a release name too long", Map.of("fullnameOverride", "a".repeat(41)),
                        List.of("at most 40 characters")),
                Arguments.of("a pod label the selectors own", Map.of("registration.podLabels.app\\.kubernetes\\.io/component", "x"),
                        List.of("registration.podLabels sets app.kubernetes.io/component")),
                Arguments.of("registration keys without the escrow public key", Map.of("registration.keys.enabled", "true"),
                        List.of("registration.keys.enabled=true, but registration.keys.escrowPublicKey is empty",
                                "Secret carechain-registration-keys", "Fix: set registration.keys.escrowPublicKey")),
                Arguments.of("a CA without a public URL", Map.of(
                                "certificate.ca.enabled", "true", "registration.keys.enabled", "true",
                                "registration.keys.escrowPublicKey", "ab".repeat(32)),
                        List.of("certificate.ca.enabled=true, but certificate.publicUrl is empty",
                                "Fix: set certificate.publicUrl")),
                Arguments.of("a CA whose registration-service has no keys", Map.of(
                                "certificate.ca.enabled", "true", "certificate.publicUrl", "https://ca.example.org"),
                        List.of("registration.keys.enabled=false", "cannot vouch for registration credentials",
                                "Fix: enable registration.keys")),
                Arguments.of("ES256 login tokens with a PEM key", Map.of("jwt.algorithms", "RS256,ES256"),
                        List.of("jwt.algorithms=RS256,ES256 accepts ES256 tokens", "ConfigMap carechain-jwt",
                                "jwt.useCertificateJwks=true")),
                Arguments.of("the certificate JWKS without a CA", Map.of("jwt.useCertificateJwks", "true"),
                        List.of("jwt.useCertificateJwks=true, but this release runs no certificate-service with its CA",
                                "Fix: enable certificate.ca")),
                Arguments.of("the certificate JWKS and another key location", Map.of(
                                "jwt.useCertificateJwks", "true", "jwt.jwksUrl", "https://login.example.org/jwks"),
                        List.of("jwt.useCertificateJwks=true together with jwksUrl", "one key location")),
                // The schema: unknown keys, wrong types, out-of-range values.
                Arguments.of("an escrow public key that is not 64 hex digits", Map.of("registration.keys.escrowPublicKey", "not-hex"),
                        List.of("values don't meet the specifications of the schema", "escrowPublicKey")),
                Arguments.of("a CA public URL without a scheme", Map.of("certificate.publicUrl", "ca.example.org"),
                        List.of("values don't meet the specifications of the schema", "publicUrl")),
                Arguments.of("a certificate validity in Go syntax", Map.of("certificate.validity", "24h"),
                        List.of("values don't meet the specifications of the schema", "validity")),
                Arguments.of("an empty ISO-8601 duration", Map.of("registration.credentialValidity", "PT"),
                        List.of("values don't meet the specifications of the schema", "credentialValidity")),
                Arguments.of("the none algorithm", Map.of("jwt.algorithms", "RS256,none"),
                        List.of("values don't meet the specifications of the schema", "algorithms")),
                Arguments.of("a misspelt CA key", Map.of("certificate.ca.secret", "ca"),
                        List.of("values don't meet the specifications of the schema", "secret")),
                Arguments.of("a misspelt key", Map.of("registration.replicas", "3"),
                        List.of("values don't meet the specifications of the schema", "replicas")),
                Arguments.of("an unknown top-level key", Map.of("postgres.host", "db"),
                        List.of("values don't meet the specifications of the schema", "postgres")),
                Arguments.of("a wrong type", Map.of("ledger.validators", "four"),
                        List.of("values don't meet the specifications of the schema", "validators")),
                Arguments.of("a misspelt anti-affinity preset", Map.of("ledger.podAntiAffinity", "strict"),
                        List.of("values don't meet the specifications of the schema", "podAntiAffinity")),
                Arguments.of("an image digest that is not one", Map.of("ledger.image.digest", "latest"),
                        List.of("values don't meet the specifications of the schema", "digest")),
                Arguments.of("a container without CPU limit", Map.of("registration.resources.limits.cpu", "null"),
                        List.of("values don't meet the specifications of the schema", "cpu")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impossibleSettings")
    void failsWithAFixHint(String description, Map<String, String> sets, List<String> expectedInMessage) {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> CHART.template(List.of(), sets), description + " rendered");

        for (String expected : expectedInMessage) {
            assertTrue(failure.getMessage().contains(expected),
                    () -> description + ": message lacks \"" + expected + "\":\n" + failure.getMessage());
        }
    }
}
