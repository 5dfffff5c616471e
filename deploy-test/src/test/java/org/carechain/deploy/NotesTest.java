package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** NOTES.txt tells the operator how to reach the APIs, how to test, and what must exist. */
class NotesTest {

    private static final HelmChart CHART = HelmChart.workingCopy();

    @Test
    void theDefaultInstallSaysHowToReachEveryServiceAndWhatItNeeds() {
        String notes = CHART.notes(Scenario.DEFAULTS);

        assertContains(notes, List.of(
                "http://carechain-ledger:8080   (4 validators, tolerates f=1 faulty)",
                "http://carechain-registration:8080",
                "http://carechain-certificate:8080",
                "kubectl -n carechain port-forward svc/carechain-certificate 8080:8080",
                "helm test carechain -n carechain",
                "Secret carechain-ledger-validator-keys: one key per validator, <pod-name>.key",
                "ConfigMap carechain-ledger-genesis: ehr.json, rbc.json, cbc.json, search.json",
                "Secret carechain-postgresql: the database password under \"password\"",
                "ConfigMap carechain-jwt: the JWT issuer's PEM public key",
                "No REST client is admitted yet"));
        assertFalse(notes.contains("search owner") || notes.contains("search server"), "search is off by default:\n" + notes);
    }

    @Test
    void ingressesAndWarningsShowWhenConfigured() {
        assertContains(CHART.notes(Scenario.ci("operations")), List.of(
                "https://ledger.example-hospital.org",
                "https://registration.example-hospital.org",
                "http://certificate.example-hospital.org"));
        assertContains(CHART.notes(Scenario.ci("evaluation-db")), List.of("WARNING: postgresql.evaluation runs one PostgreSQL pod"));
        assertContains(CHART.notes(Scenario.ci("search-split")), List.of("search server  http://carechain-search-server:8080",
                "search owner   http://carechain-search-owner:8080", "https://search.example-cloud.net",
                "Secret hospital1-search-keys: owner.key (a submitter search-hospital1 in the search genesis), master.key",
                "Secret hospital-group-record-keys: hospital1.content-salt.key, hospital1.record.key, patient.key",
                "the EHR database ehr_0 of hospital1"));
        assertContains(CHART.notes(Scenario.ci("external-db")), List.of(
                "(keys from https://login.example-hospital.org/realms/carechain/protocol/openid-connect/certs)",
                "PostgreSQL at carechain-db.postgres.example.internal:5433"));
        assertFalse(CHART.notes(Scenario.ci("minimal")).contains("node drains wait"),
                "the minimal scenario has no ledger budget to warn about");
        assertContains(CHART.notes(Scenario.ci("minimal")), List.of("1 validator, tolerates f=0 faulty"));
        assertContains(CHART.notes(Scenario.ci("capture")), List.of(
                "Secret carechain-ledger-capture-keys: <pod-name>.content-salt.key, <pod-name>.record.key, <pod-name>.submitter.key per validator, and patient.key",
                "EHR PostgreSQL at ehr-postgresql.hospital.example.internal:5433 (wal_level=logical)"));
        assertFalse(CHART.notes(Scenario.DEFAULTS).contains("capture"), "no capture input without capture");
    }

    @Test
    void thePkiSaysWhatItReadsAndWhereCertificatesPoint() {
        assertContains(CHART.notes(Scenario.DEFAULTS), List.of(
                "JWT from issuer https://issuer.carechain.local for audience carechain, signed RS256.",
                "registration-service runs without keys and answers registration requests with 503",
                "certificate-service runs without CA keys and answers CA requests with 503"));
        String pki = CHART.notes(Scenario.ci("pki"));
        assertContains(pki, List.of(
                "signed RS256,ES256 (keys from http://carechain-certificate:8080/.well-known/jwks.json)",
                "Secret carechain-registration-keys: submitter.key, credential.key, commitment.key",
                "Secret ca-1-keys: ca.key, ca.pem, submitter.key, token.pem",
                "naming OCSP https://ca-1.carechain.example.org/ocsp and CRL https://ca-1.carechain.example.org/crl",
                "ConfigMap carechain-ledger-genesis: ehr.json, rbc.json, cbc.json, search.json"));
        assertFalse(pki.contains("503"), pki);
        assertFalse(pki.contains("ConfigMap carechain-jwt"), "the JWKS replaces the PEM key ConfigMap");
    }

    private static void assertContains(String notes, List<String> expected) {
        for (String text : expected) {
            assertTrue(notes.contains(text), () -> "NOTES lack \"" + text + "\":\n" + notes);
        }
    }
}
