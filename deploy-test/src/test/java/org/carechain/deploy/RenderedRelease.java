package org.carechain.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The objects of one {@code helm template} run, parsed into fabric8's typed model. */
public final class RenderedRelease {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: (\\S+)\\s*$");
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    /** One rendered document: the template it came from, its text, and the parsed object. */
    public record Manifest(String source, String yaml, KubernetesResource object) {

        public HasMetadata resource() {
            return (HasMetadata) object;
        }

        public String describe() {
            HasMetadata resource = resource();
            return resource.getKind() + "/" + resource.getMetadata().getName() + " (" + source + ")";
        }
    }

    /** A pod template: a Deployment's, a StatefulSet's, or the test pod's own spec. */
    public record PodOwner(HasMetadata owner, Map<String, String> podLabels, PodSpec spec) {

        public String describe() {
            return owner.getKind() + "/" + owner.getMetadata().getName();
        }
    }

    private final List<Manifest> manifests;

    private RenderedRelease(List<Manifest> manifests) {
        this.manifests = List.copyOf(manifests);
    }

    public static RenderedRelease parse(String rendered) {
        List<Manifest> manifests = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(rendered)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            Matcher source = SOURCE.matcher(document);
            String template = source.find() ? source.group(1) : "(unknown template)";
            Object parsed = SERIALIZATION.unmarshal(document);
            if (!(parsed instanceof HasMetadata)) {
                throw new AssertionError("not a single Kubernetes object: " + template + "\n" + document);
            }
            manifests.add(new Manifest(template, document, (KubernetesResource) parsed));
        }
        return new RenderedRelease(manifests);
    }

    public List<Manifest> manifests() {
        return manifests;
    }

    public List<HasMetadata> objects() {
        return manifests.stream().map(Manifest::resource).toList();
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects().stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst();
    }

    public <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " named " + name + "; rendered: " + names()));
    }

    public List<String> names() {
        return manifests.stream().map(Manifest::describe).toList();
    }

    /** True for the {@code helm test} pod, which Helm installs only on {@code helm test}. */
    public static boolean isTestHook(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations != null
                && ("test".equals(annotations.get(HelmChart.TEST_HOOK_MARKER))
                        || "test".equals(annotations.get("helm.sh/hook")));
    }

    /** The objects a plain {@code kubectl apply} would create: everything but the test hook. */
    public List<Manifest> installedManifests() {
        return manifests.stream().filter(manifest -> !isTestHook(manifest.resource())).toList();
    }

    public List<PodOwner> podOwners() {
        List<PodOwner> owners = new ArrayList<>();
        for (HasMetadata object : objects()) {
            if (object instanceof Deployment deployment) {
                owners.add(new PodOwner(deployment, deployment.getSpec().getTemplate().getMetadata().getLabels(),
                        deployment.getSpec().getTemplate().getSpec()));
            } else if (object instanceof StatefulSet statefulSet) {
                owners.add(new PodOwner(statefulSet, statefulSet.getSpec().getTemplate().getMetadata().getLabels(),
                        statefulSet.getSpec().getTemplate().getSpec()));
            } else if (object instanceof Pod pod) {
                owners.add(new PodOwner(pod, pod.getMetadata().getLabels(), pod.getSpec()));
            }
        }
        return owners;
    }

    /** Pod owners whose labels carry every key and value of the selector. */
    public List<PodOwner> podOwnersMatching(Map<String, String> selector) {
        return podOwners().stream()
                .filter(owner -> owner.podLabels() != null && owner.podLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
    }
}
