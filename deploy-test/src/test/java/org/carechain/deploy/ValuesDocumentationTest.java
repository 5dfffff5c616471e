package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every value is documented with {@code ## @param <path> <description>} and described by
 * values.schema.json, which is strict (additionalProperties: false and required on every object
 * the chart defines).
 */
class ValuesDocumentationTest {

    private static final Pattern PARAM = Pattern.compile("^\\s*## @param (\\S+) (.+)$");
    private static final Path VALUES = HelmChart.sourceDirectory().resolve("values.yaml");

    @Test
    void everyValueHasAParamLineAndEveryParamLineAValue() throws IOException {
        Set<String> documented = new TreeSet<>();
        List<String> emptyDescriptions = new ArrayList<>();
        for (String line : Files.readAllLines(VALUES)) {
            Matcher param = PARAM.matcher(line);
            if (param.matches()) {
                documented.add(param.group(1));
            } else if (line.trim().startsWith("## @param")) {
                emptyDescriptions.add(line.trim());
            }
        }
        Set<String> keys = new TreeSet<>();
        collectKeys(HelmChart.readYaml(VALUES), "", keys);

        List<String> undocumented = keys.stream()
                .filter(key -> documented.stream().noneMatch(param -> key.equals(param) || key.startsWith(param + ".")))
                .filter(key -> isLeaf(key, keys))
                .toList();
        List<String> stale = documented.stream().filter(param -> !keys.contains(param)).toList();

        assertEquals(List.of(), emptyDescriptions, "@param lines without a description");
        assertEquals(List.of(), undocumented, "values without a ## @param line");
        assertEquals(List.of(), stale, "## @param lines naming no value");
    }

    @Test
    void theSchemaIsStrictAndCoversEveryValue() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(HelmChart.sourceDirectory().resolve("values.schema.json").toFile());
        List<String> loose = new ArrayList<>();
        checkStrict(schema, schema, "(root)", loose);
        assertEquals(List.of(), loose, "schema objects that accept unknown keys or miss required");

        Set<String> keys = new TreeSet<>();
        collectKeys(HelmChart.readYaml(VALUES), "", keys);
        List<String> notInSchema = keys.stream().filter(key -> !describedBy(schema, schema, key.split("\\."), 0)).toList();
        assertEquals(List.of(), notInSchema, "values the schema does not describe");
    }

    @SuppressWarnings("unchecked")
    private static void collectKeys(Map<String, Object> map, String prefix, Set<String> keys) {
        map.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            keys.add(path);
            if (value instanceof Map<?, ?> child && !child.isEmpty()) {
                collectKeys((Map<String, Object>) child, path, keys);
            }
        });
    }

    private static boolean isLeaf(String key, Set<String> keys) {
        return keys.stream().noneMatch(other -> other.startsWith(key + "."));
    }

    /** Objects with "properties" must forbid other keys and require all of theirs. */
    private static void checkStrict(JsonNode root, JsonNode node, String where, List<String> loose) {
        if (node.isObject()) {
            if (node.has("properties")) {
                if (!node.path("additionalProperties").isBoolean() || node.path("additionalProperties").asBoolean()) {
                    loose.add(where + ": additionalProperties is not false");
                }
                Set<String> properties = new TreeSet<>();
                node.get("properties").fieldNames().forEachRemaining(properties::add);
                Set<String> required = new TreeSet<>();
                node.path("required").forEach(name -> required.add(name.asText()));
                if (!required.equals(properties) && !isKubernetesShaped(where)) {
                    loose.add(where + ": required " + required + " is not every property " + properties);
                }
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                checkStrict(root, field.getValue(), where + "/" + field.getKey(), loose);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkStrict(root, node.get(i), where + "[" + i + "]", loose);
            }
        }
    }

    /**
     * Definitions that mirror Kubernetes types (a label selector, a security context, ...) keep
     * Kubernetes' optional fields; they still reject unknown keys.
     */
    private static boolean isKubernetesShaped(String where) {
        return KUBERNETES_SHAPED.stream().anyMatch(name -> where.startsWith("(root)/definitions/" + name));
    }

    private static final Set<String> KUBERNETES_SHAPED = Set.of("labelSelector", "networkPolicyPeers", "envList",
            "tolerations", "podSecurityContext", "containerSecurityContext", "seccompProfile", "resourceList");

    private static boolean describedBy(JsonNode root, JsonNode schema, String[] path, int index) {
        JsonNode resolved = schema;
        while (resolved.has("$ref")) {
            String[] pointer = resolved.get("$ref").asText().substring(2).split("/");
            resolved = root;
            for (String segment : pointer) {
                resolved = resolved.get(segment);
            }
        }
        if (index == path.length) {
            return true;
        }
        JsonNode properties = resolved.get("properties");
        if (properties != null && properties.has(path[index])) {
            return describedBy(root, properties.get(path[index]), path, index + 1);
        }
        if (resolved.has("allOf")) {
            for (JsonNode part : resolved.get("allOf")) {
                if (describedBy(root, part, path, index)) {
                    return true;
                }
            }
        }
        // Pass-through Kubernetes objects (securityContext details, affinity) and string maps.
        return resolved.path("additionalProperties").isObject()
                || (resolved.path("type").asText().equals("object") && !resolved.has("properties"));
    }
}
