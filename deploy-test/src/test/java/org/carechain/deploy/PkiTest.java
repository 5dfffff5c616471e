package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The privacy-aware PKI (docs/operations.md, "PKI keys"): with {@code registration.keys.enabled}
 * registration-service gets its key files from a Secret mounted read-only; with
 * {@code certificate.ca.enabled} certificate-service gets its CA keys the same way and the cbc
 * genesis from the ledger's genesis ConfigMap, and issues login tokens for the issuer and audience
 * every service verifies. Without them the chart renders no key, mount or PKI setting, and both
 * services run as before (answering 503).
 */
class PkiTest {

    private static final HelmChart CHART = HelmChart.workingCopy();
    private static final Scenario PKI = Scenario.ci("pki");
    private static final String REGISTRATION = "carechain-registration";
    private static final String CERTIFICATE = "carechain-certificate";
    private static final String REGISTRATION_KEYS = "/etc/carechain/registration-keys";
    private static final String CA_KEYS = "/etc/carechain/ca-keys";
    private static final String GENESIS = "/etc/carechain/genesis";
    private static final String ESCROW = "8f40c5adb68f25624ae5b214ea767a6ec94d829d3d7b5e1ad1ba6f3e2138285f";

    @Test
    void registrationReadsItsKeysFromTheSecretMountedReadOnly() {
        Deployment registration = CHART.render(PKI).get(Deployment.class, REGISTRATION);

        assertEquals(Map.of(
                "CARECHAIN_REGISTRATION_SUBMITTER_KEY_FILE", REGISTRATION_KEYS + "/submitter.key",
                "CARECHAIN_REGISTRATION_CREDENTIAL_KEY_FILE", REGISTRATION_KEYS + "/credential.key",
                "CARECHAIN_REGISTRATION_COMMITMENT_KEY_FILE", REGISTRATION_KEYS + "/commitment.key",
                "CARECHAIN_REGISTRATION_ESCROW_PUBLIC_KEY", ESCROW,
                "CARECHAIN_REGISTRATION_CREDENTIAL_VALIDITY", "P90D",
                "CARECHAIN_REGISTRATION_CBC_GENESIS_FILE", "/etc/carechain/genesis/cbc.json"),
                env(registration, "CARECHAIN_REGISTRATION_"));
        // Tracing: the RBC checks officers' approvals against the cbc genesis' policy, mounted read-only.
        Volume genesis = mountedVolume(registration, "/etc/carechain/genesis");
        assertNotNull(genesis.getConfigMap(), "the cbc genesis comes from the ledger's genesis ConfigMap");
        assertEquals(List.of("cbc.json"), keys(genesis.getConfigMap().getItems()));

        Volume volume = mountedVolume(registration, REGISTRATION_KEYS);
        assertNotNull(volume.getSecret(), "registration keys come from a Secret");
        assertEquals("carechain-registration-keys", volume.getSecret().getSecretName(), "the default name is <fullname>-registration-keys");
        assertEquals(0440, volume.getSecret().getDefaultMode(), "keys are readable by the owner and fsGroup only");
        assertEquals(List.of("submitter.key", "credential.key", "commitment.key"), keys(volume.getSecret().getItems()));
        assertEveryFileIsMounted(registration, "CARECHAIN_REGISTRATION_", "_KEY_FILE");

        Deployment named = CHART.render(PKI, Map.of("registration.keys.existingSecret", "rbc-1-keys")).get(Deployment.class, REGISTRATION);
        assertEquals("rbc-1-keys", mountedVolume(named, REGISTRATION_KEYS).getSecret().getSecretName());
    }

    @Test
    void theCaReadsItsKeysAndTheLedgersCbcGenesisReadOnly() {
        RenderedRelease release = CHART.render(PKI);
        Deployment certificate = release.get(Deployment.class, CERTIFICATE);

        assertEquals(Map.of(
                "CARECHAIN_CERTIFICATE_CA_KEY_FILE", CA_KEYS + "/ca.key",
                "CARECHAIN_CERTIFICATE_CA_CERTIFICATE_FILE", CA_KEYS + "/ca.pem",
                "CARECHAIN_CERTIFICATE_SUBMITTER_KEY_FILE", CA_KEYS + "/submitter.key",
                "CARECHAIN_CERTIFICATE_TOKEN_KEY_FILE", CA_KEYS + "/token.pem",
                "CARECHAIN_CERTIFICATE_CBC_GENESIS_FILE", GENESIS + "/cbc.json",
                "CARECHAIN_CERTIFICATE_PUBLIC_URL", "https://ca-1.carechain.example.org",
                "CARECHAIN_CERTIFICATE_VALIDITY", "PT12H",
                "CARECHAIN_CERTIFICATE_TOKEN_AUDIENCE", "carechain"), env(certificate, "CARECHAIN_CERTIFICATE_"),
                "the public URL loses its trailing slash: the CA appends /ocsp and /crl");

        Volume keys = mountedVolume(certificate, CA_KEYS);
        assertEquals("ca-1-keys", keys.getSecret().getSecretName(), "certificate.ca.existingSecret");
        assertEquals(0440, keys.getSecret().getDefaultMode());
        assertEquals(List.of("ca.key", "ca.pem", "submitter.key", "token.pem"), keys(keys.getSecret().getItems()));

        Volume genesis = mountedVolume(certificate, GENESIS);
        String ledgerGenesis = release.get(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, "carechain-ledger")
                .getSpec().getTemplate().getSpec().getVolumes().stream().filter(volume -> volume.getName().equals("genesis"))
                .findFirst().orElseThrow().getConfigMap().getName();
        assertEquals(ledgerGenesis, genesis.getConfigMap().getName(), "the same genesis ConfigMap as the validators");
        assertEquals(List.of("cbc.json"), keys(genesis.getConfigMap().getItems()), "only the cbc channel's genesis");
        assertEveryFileIsMounted(certificate, "CARECHAIN_CERTIFICATE_", "_FILE");

        Map<String, String> defaultNamed = env(CHART.render(PKI, Map.of("certificate.ca.existingSecret", "")).get(Deployment.class, CERTIFICATE), "");
        assertNotNull(defaultNamed.get("CARECHAIN_CERTIFICATE_CA_KEY_FILE"));
        assertEquals("carechain-certificate-ca-keys", mountedVolume(CHART.render(PKI, Map.of("certificate.ca.existingSecret", ""))
                .get(Deployment.class, CERTIFICATE), CA_KEYS).getSecret().getSecretName(), "the default name is <fullname>-certificate-ca-keys");
    }

    @Test
    void loginTokensAreIssuedForWhatEveryServiceVerifies() {
        RenderedRelease release = CHART.render(PKI, Map.of("jwt.issuer", "https://ca.consortium.example", "jwt.audience", "carechain-prod"));
        Map<String, String> certificate = env(release.get(Deployment.class, CERTIFICATE), "");

        assertEquals("carechain-prod", certificate.get("CARECHAIN_CERTIFICATE_TOKEN_AUDIENCE"));
        for (RenderedRelease.PodOwner owner : release.podOwners()) {
            for (Container container : owner.spec().getContainers()) {
                if (container.getName().endsWith("-service")) {
                    Map<String, String> env = values(container);
                    assertEquals("https://ca.consortium.example", env.get("CARECHAIN_JWT_ISSUER"), owner.describe() + ": the CA's tokens carry it");
                    assertEquals("carechain-prod", env.get("CARECHAIN_JWT_AUDIENCE"), owner.describe());
                    assertEquals("RS256,ES256", env.get("CARECHAIN_JWT_ALGORITHMS"), owner.describe());
                    assertEquals("http://carechain-certificate:8080/.well-known/jwks.json", env.get("CARECHAIN_JWT_PUBLIC_KEY_LOCATION"), owner.describe());
                }
            }
        }
    }

    @Test
    void theIngressUrlIsTheDefaultPublicUrl() {
        Map<String, String> sets = new TreeMap<>(Map.of(
                "certificate.publicUrl", "", "certificate.ingress.enabled", "true", "certificate.ingress.host", "ca.hospital.example",
                "networkPolicy.restIngressFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name", "ingress-nginx"));
        assertEquals("http://ca.hospital.example",
                env(CHART.render(PKI, sets).get(Deployment.class, CERTIFICATE), "").get("CARECHAIN_CERTIFICATE_PUBLIC_URL"));
        sets.put("certificate.ingress.tlsSecretName", "ca-tls");
        assertEquals("https://ca.hospital.example",
                env(CHART.render(PKI, sets).get(Deployment.class, CERTIFICATE), "").get("CARECHAIN_CERTIFICATE_PUBLIC_URL"));
        sets.put("certificate.publicUrl", "https://ocsp.consortium.example/ca-1");
        assertEquals("https://ocsp.consortium.example/ca-1",
                env(CHART.render(PKI, sets).get(Deployment.class, CERTIFICATE), "").get("CARECHAIN_CERTIFICATE_PUBLIC_URL"),
                "an explicit publicUrl wins over the Ingress");
    }

    /** A CA release without validators still reads cbc.json: a chart-rendered genesis is rendered for it, and restarts it. */
    @Test
    void aCaWithoutLocalValidatorsStillGetsTheGenesis() {
        Map<String, String> sets = Map.of(
                "ledger.enabled", "false", "endpoints.ledger.host", "ledger.consortium.example", "search.owner.enabled", "false",
                "ledger.genesis.files.ehr", "ehr-genesis", "ledger.genesis.files.rbc", "rbc-genesis",
                "ledger.genesis.files.cbc", "cbc-genesis", "ledger.genesis.files.search", "search-genesis");
        RenderedRelease release = CHART.render(PKI, sets);

        ConfigMap genesis = release.get(ConfigMap.class, "carechain-ledger-genesis");
        assertEquals("cbc-genesis", genesis.getData().get("cbc.json"));
        Deployment certificate = release.get(Deployment.class, CERTIFICATE);
        assertEquals("carechain-ledger-genesis", mountedVolume(certificate, GENESIS).getConfigMap().getName());
        assertNotNull(certificate.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/cbc-genesis"),
                "a changed chart-rendered genesis restarts the CA");
        assertEquals("ledger.consortium.example", env(certificate, "").get("CARECHAIN_LEDGER_HOST"));

        assertNull(CHART.render(PKI).get(Deployment.class, CERTIFICATE).getSpec().getTemplate().getMetadata()
                .getAnnotations().get("checksum/cbc-genesis"), "an operator-made ConfigMap has no checksum to follow");
        assertTrue(CHART.render(Scenario.DEFAULTS, Map.of("ledger.enabled", "false", "endpoints.ledger.host", "ledger.example",
                        "ledger.genesis.files.ehr", "e", "ledger.genesis.files.rbc", "r", "ledger.genesis.files.cbc", "c",
                        "ledger.genesis.files.search", "s"))
                .find(ConfigMap.class, "carechain-ledger-genesis").isEmpty(), "no reader, no genesis ConfigMap");
    }

    /**
     * The CA's network paths: it reaches registration-service and the ledger over gRPC; apps reach
     * its /auth/*, /ocsp, /crl and JWKS through networkPolicy.restIngressFrom (the ingress
     * controller) or certificate.extraIngressFrom; the release's services reach its JWKS only
     * when they trust it.
     */
    @Test
    void theNetworkPoliciesAdmitEveryPkiPath() {
        RenderedRelease pki = CHART.render(PKI, Map.of(
                "certificate.extraIngressFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name", "patient-apps"));

        assertTrue(NetworkPeers.inReleaseCallers(pki, "registration").contains("certificate"), "certificate -> registration (VerifyCredential)");
        assertTrue(NetworkPeers.inReleaseCallers(pki, "ledger").contains("certificate"), "certificate -> ledger (cbc)");
        assertEquals(Set.of("ledger", "registration", "certificate", "search-owner", "search-server"), NetworkPeers.inReleaseCallers(pki, "certificate"),
                "every service fetches the JWKS it trusts");
        assertTrue(NetworkPeers.otherPeers(pki, "certificate").stream().anyMatch(peer -> peer.getNamespaceSelector() != null
                && "patient-apps".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))),
                "apps admitted through certificate.extraIngressFrom");

        RenderedRelease defaults = CHART.render(Scenario.DEFAULTS);
        assertEquals(Set.of(), NetworkPeers.inReleaseCallers(defaults, "certificate"), "without useCertificateJwks no service of the release calls the CA");

        RenderedRelease exposed = CHART.render(Scenario.ci("operations"));
        assertTrue(NetworkPeers.otherPeers(exposed, "certificate").stream().anyMatch(peer -> peer.getNamespaceSelector() != null
                && "ingress-nginx".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))),
                "the certificate Ingress's controller is admitted");
    }

    /** Keys off (the default): nothing PKI-related is rendered, so both services run as before and answer 503. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenariosWithoutPki")
    void withoutThePkiNoKeyIsMountedOrConfigured(Scenario scenario) {
        RenderedRelease release = CHART.render(scenario);
        List<String> problems = new ArrayList<>();
        for (RenderedRelease.PodOwner owner : release.podOwners()) {
            for (Container container : owner.spec().getContainers()) {
                for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                    if (variable.getName().startsWith("CARECHAIN_CERTIFICATE_") || (variable.getName().startsWith("CARECHAIN_REGISTRATION_")
                            && !variable.getName().equals("CARECHAIN_REGISTRATION_HOST") && !variable.getName().equals("CARECHAIN_REGISTRATION_PORT"))) {
                        problems.add(owner.describe() + ": " + variable.getName());
                    }
                }
                for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
                    if (mount.getMountPath().equals(REGISTRATION_KEYS) || mount.getMountPath().equals(CA_KEYS)
                            || (mount.getMountPath().equals(GENESIS) && !owner.describe().startsWith("StatefulSet/"))) {
                        problems.add(owner.describe() + ": mounts " + mount.getMountPath());
                    }
                }
            }
        }
        assertEquals(List.of(), problems, () -> scenario + " renders PKI settings");
    }

    static List<Scenario> scenariosWithoutPki() {
        return Scenario.all().stream().filter(scenario -> !scenario.equals(PKI)).toList();
    }

    /** Each *_FILE the service opens lies in a read-only mount and names an item of its volume. */
    private static void assertEveryFileIsMounted(Deployment deployment, String prefix, String suffix) {
        Map<String, String> env = env(deployment, prefix);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        int checked = 0;
        for (Map.Entry<String, String> variable : env.entrySet()) {
            if (!variable.getKey().endsWith(suffix)) {
                continue;
            }
            String file = variable.getValue();
            String directory = file.substring(0, file.lastIndexOf('/'));
            VolumeMount mount = container.getVolumeMounts().stream().filter(candidate -> candidate.getMountPath().equals(directory))
                    .findFirst().orElseThrow(() -> new AssertionError(variable.getKey() + ": nothing mounted at " + directory));
            assertTrue(Boolean.TRUE.equals(mount.getReadOnly()), mount.getMountPath() + " must be read-only");
            Volume volume = mountedVolume(deployment, directory);
            List<KeyToPath> items = volume.getSecret() != null ? volume.getSecret().getItems() : volume.getConfigMap().getItems();
            String name = file.substring(file.lastIndexOf('/') + 1);
            assertTrue(items.stream().anyMatch(item -> item.getPath().equals(name)), variable.getKey() + ": " + name + " is not an item of " + volume.getName());
            checked++;
        }
        assertTrue(checked >= 3, "key files checked in " + deployment.getMetadata().getName());
    }

    private static Volume mountedVolume(Deployment deployment, String mountPath) {
        var spec = deployment.getSpec().getTemplate().getSpec();
        VolumeMount mount = spec.getContainers().get(0).getVolumeMounts().stream()
                .filter(candidate -> candidate.getMountPath().equals(mountPath)).findFirst()
                .orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + ": nothing mounted at " + mountPath));
        assertTrue(Boolean.TRUE.equals(mount.getReadOnly()), mountPath + " must be read-only");
        return spec.getVolumes().stream().filter(volume -> volume.getName().equals(mount.getName())).findFirst().orElseThrow();
    }

    private static List<String> keys(List<KeyToPath> items) {
        items.forEach(item -> assertEquals(item.getKey(), item.getPath(), "mounted under its own name"));
        return items.stream().map(KeyToPath::getKey).toList();
    }

    private static Map<String, String> env(Deployment deployment, String prefix) {
        Map<String, String> env = new TreeMap<>();
        values(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)).forEach((name, value) -> {
            if (name.startsWith(prefix) && !name.endsWith("_HOST") && !name.endsWith("_PORT") || prefix.isEmpty()) {
                env.put(name, value);
            }
        });
        return env;
    }

    private static Map<String, String> values(Container container) {
        Map<String, String> env = new TreeMap<>();
        container.getEnv().stream().filter(variable -> variable.getValue() != null).forEach(variable -> env.put(variable.getName(), variable.getValue()));
        return env;
    }
}
