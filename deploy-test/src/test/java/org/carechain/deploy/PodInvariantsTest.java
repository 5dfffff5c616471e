package org.carechain.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every container of every scenario: health probes, bounded resources, and the restricted Pod
 * Security Standard (non-root, no privilege escalation, ALL capabilities dropped, RuntimeDefault
 * seccomp, read-only root filesystem with a writable /tmp).
 */
class PodInvariantsTest {

    private static final HelmChart CHART = HelmChart.workingCopy();

    static List<Scenario> scenarios() {
        return Scenario.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyContainerHasProbesLimitsAndARestrictedSecurityContext(Scenario scenario) {
        RenderedRelease release = CHART.render(scenario);
        List<String> problems = new ArrayList<>();

        for (RenderedRelease.PodOwner owner : release.podOwners()) {
            PodSecurityContext pod = owner.spec().getSecurityContext();
            for (Container container : owner.spec().getContainers()) {
                String where = owner.describe() + " container " + container.getName();
                checkSecurity(where, pod, container.getSecurityContext(), problems);
                checkResources(where, container, problems);
                checkTmpIsWritable(where, owner, container, problems);
                // The helm test pod runs to completion: probes would only delay its verdict.
                if (!RenderedRelease.isTestHook(owner.owner())) {
                    checkProbes(where, container, problems);
                }
            }
            if (!Boolean.FALSE.equals(owner.spec().getAutomountServiceAccountToken())) {
                problems.add(owner.describe() + ": mounts a service account token, yet nothing calls the Kubernetes API");
            }
            if (!Boolean.FALSE.equals(owner.spec().getEnableServiceLinks())) {
                problems.add(owner.describe() + ": service links would inject CARECHAIN_LEDGER_PORT=tcp://... from the Service carechain-ledger");
            }
            if (owner.spec().getInitContainers() != null && !owner.spec().getInitContainers().isEmpty()) {
                problems.add(owner.describe() + ": init containers are not covered by these checks");
            }
        }
        assertFalse(release.podOwners().isEmpty());
        assertEquals(List.of(), problems, () -> scenario + ": container invariants");
    }

    @Test
    void carechainServicesProbeTheirQuarkusHealthEndpointsOnTheirHttpPort() {
        RenderedRelease release = CHART.render(Scenario.ci("operations"));
        List<String> problems = new ArrayList<>();
        for (RenderedRelease.PodOwner owner : release.podOwners()) {
            for (Container container : owner.spec().getContainers()) {
                if (!container.getName().endsWith("-service")) {
                    continue;
                }
                String where = owner.describe();
                expectHttpProbe(where + " startup", container.getStartupProbe(), "/q/health/started", problems);
                expectHttpProbe(where + " liveness", container.getLivenessProbe(), "/q/health/live", problems);
                expectHttpProbe(where + " readiness", container.getReadinessProbe(), "/q/health/ready", problems);
                boolean namedHttp = container.getPorts().stream().anyMatch(port -> "http".equals(port.getName()));
                if (!namedHttp) {
                    problems.add(where + ": no container port named http");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static void expectHttpProbe(String where, Probe probe, String path, List<String> problems) {
        if (probe == null || probe.getHttpGet() == null) {
            problems.add(where + ": no httpGet probe");
        } else if (!path.equals(probe.getHttpGet().getPath()) || !"http".equals(probe.getHttpGet().getPort().getStrVal())) {
            problems.add(where + ": probes " + probe.getHttpGet().getPath() + " on " + probe.getHttpGet().getPort() + ", expected " + path + " on http");
        }
    }

    private static void checkSecurity(String where, PodSecurityContext pod, SecurityContext container, List<String> problems) {
        if (container == null) {
            problems.add(where + ": no securityContext");
            return;
        }
        boolean nonRoot = Boolean.TRUE.equals(container.getRunAsNonRoot())
                || (pod != null && Boolean.TRUE.equals(pod.getRunAsNonRoot()));
        Long uid = container.getRunAsUser() != null ? container.getRunAsUser() : pod == null ? null : pod.getRunAsUser();
        if (!nonRoot || Objects.equals(uid, 0L)) {
            problems.add(where + ": may run as root");
        }
        if (!Boolean.FALSE.equals(container.getAllowPrivilegeEscalation())) {
            problems.add(where + ": allowPrivilegeEscalation is not false");
        }
        if (Boolean.TRUE.equals(container.getPrivileged())) {
            problems.add(where + ": privileged");
        }
        if (!Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
            problems.add(where + ": root filesystem is writable");
        }
        if (container.getCapabilities() == null || container.getCapabilities().getDrop() == null
                || !container.getCapabilities().getDrop().contains("ALL")
                || (container.getCapabilities().getAdd() != null && !container.getCapabilities().getAdd().isEmpty())) {
            problems.add(where + ": capabilities are not drop ALL");
        }
        String seccomp = container.getSeccompProfile() != null ? container.getSeccompProfile().getType()
                : pod != null && pod.getSeccompProfile() != null ? pod.getSeccompProfile().getType() : null;
        if (!"RuntimeDefault".equals(seccomp)) {
            problems.add(where + ": seccomp profile is " + seccomp + ", expected RuntimeDefault");
        }
    }

    private static void checkResources(String where, Container container, List<String> problems) {
        var resources = container.getResources();
        Map<String, ?> limits = resources == null ? null : resources.getLimits();
        Map<String, ?> requests = resources == null ? null : resources.getRequests();
        for (String resource : List.of("cpu", "memory")) {
            if (limits == null || !limits.containsKey(resource)) {
                problems.add(where + ": no " + resource + " limit");
            }
            if (requests == null || !requests.containsKey(resource)) {
                problems.add(where + ": no " + resource + " request");
            }
        }
    }

    private static void checkTmpIsWritable(String where, RenderedRelease.PodOwner owner, Container container, List<String> problems) {
        if (RenderedRelease.isTestHook(owner.owner())) {
            return;
        }
        VolumeMount tmp = container.getVolumeMounts() == null ? null : container.getVolumeMounts().stream()
                .filter(mount -> "/tmp".equals(mount.getMountPath())).findFirst().orElse(null);
        if (tmp == null || Boolean.TRUE.equals(tmp.getReadOnly())) {
            problems.add(where + ": no writable /tmp, yet the root filesystem is read-only");
            return;
        }
        Volume volume = owner.spec().getVolumes().stream()
                .filter(candidate -> candidate.getName().equals(tmp.getName())).findFirst().orElse(null);
        if (volume == null || volume.getEmptyDir() == null) {
            problems.add(where + ": /tmp is not an emptyDir");
        }
    }

    private static void checkProbes(String where, Container container, List<String> problems) {
        if (container.getStartupProbe() == null) {
            problems.add(where + ": no startup probe");
        }
        if (container.getLivenessProbe() == null) {
            problems.add(where + ": no liveness probe");
        }
        if (container.getReadinessProbe() == null) {
            problems.add(where + ": no readiness probe");
        }
    }
}
