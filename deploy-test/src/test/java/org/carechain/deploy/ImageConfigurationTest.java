package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The images Jib builds and the images the chart runs agree: registry, group, name, tag, user
 * and port. Images are built only on request, never by the normal build.
 */
class ImageConfigurationTest {

    private static final Path ROOT = HelmChart.repositoryRoot();

    @Test
    void imagesAreNotBuiltByTheNormalBuild() throws IOException {
        assertEquals("false", sharedConfig().getProperty("quarkus.container-image.build"));
        assertTrue(Files.readString(ROOT.resolve("service-support/pom.xml")).contains("<artifactId>quarkus-container-image-jib</artifactId>"),
                "every service gets Jib through service-support");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theChartRunsTheImagesJibBuilds() throws IOException {
        Properties jib = sharedConfig();
        Map<String, Object> values = HelmChart.values(Scenario.DEFAULTS);
        Map<String, Object> image = (Map<String, Object>) values.get("image");

        assertEquals(jib.getProperty("quarkus.container-image.registry"), image.get("registry"));
        assertEquals(jib.getProperty("quarkus.container-image.group"), image.get("group"));
        assertEquals("${quarkus.application.name}", jib.getProperty("quarkus.container-image.name"));
        for (Map.Entry<String, String> service : Map.of(
                "ledger", "ledger-service", "registration", "registration-service",
                "certificate", "certificate-service", "search", "search-service").entrySet()) {
            assertEquals(service.getValue(), applicationName(service.getValue()));
            List<Map<String, Object>> components = service.getKey().equals("search")
                    ? List.of(component(values, "search", "owner"), component(values, "search", "server"))
                    : List.of(component(values, service.getKey()));
            for (Map<String, Object> component : components) {
                assertEquals(service.getValue(), ((Map<String, Object>) component.get("image")).get("repository"));
            }
        }
        assertEquals(System.getProperty("carechain.version"), chartAppVersion(),
                "the chart's appVersion is the image tag Jib writes: the Maven version");
    }

    @Test
    @SuppressWarnings("unchecked")
    void imagesRunAsTheChartsNonRootUserOnTheChartsPort() throws IOException {
        Properties jib = sharedConfig();
        Map<String, Object> values = HelmChart.values(Scenario.DEFAULTS);
        Object uid = ((Map<String, Object>) values.get("podSecurityContext")).get("runAsUser");

        assertEquals(String.valueOf(uid), jib.getProperty("quarkus.jib.user"));
        assertNotEquals("0", jib.getProperty("quarkus.jib.user"));
        assertTrue(jib.getProperty("quarkus.jib.base-jvm-image").endsWith(":nonroot"), "a distroless nonroot base");
        assertEquals(String.valueOf(values.get("httpPort")), jib.getProperty("quarkus.jib.ports"));
        assertEquals(String.valueOf(values.get("httpPort")), jib.getProperty("quarkus.jib.environment-variables.QUARKUS_HTTP_PORT"));
    }

    @Test
    void theTarballShimIsExecutable() {
        Path shim = ROOT.resolve("deploy-test/images/docker-load-to-tarball");
        assertTrue(Files.isExecutable(shim), shim + " must be executable: the images profile runs it as `docker`");
    }

    private static Properties sharedConfig() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("service-support/src/main/resources/META-INF/microprofile-config.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    private static String applicationName(String module) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(ROOT.resolve(module).resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties.getProperty("quarkus.application.name");
    }

    private static String chartAppVersion() throws IOException {
        return Files.readAllLines(HelmChart.sourceDirectory().resolve("Chart.yaml")).stream()
                .filter(line -> line.startsWith("appVersion:"))
                .map(line -> line.substring("appVersion:".length()).trim().replace("\"", ""))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> component(Map<String, Object> values, String... path) {
        Map<String, Object> node = values;
        for (String key : path) {
            node = (Map<String, Object>) node.get(key);
        }
        return node;
    }
}
