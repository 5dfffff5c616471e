package org.carechain.deploy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Who a component's NetworkPolicy lets in, as the chart renders it. */
final class NetworkPeers {

    private NetworkPeers() {}

    /** The components of this release that may call {@code component} (the helm test pod left out). */
    static Set<String> inReleaseCallers(RenderedRelease release, String component) {
        Set<String> callers = new TreeSet<>();
        for (NetworkPolicyPeer peer : peers(release, component)) {
            if (peer.getNamespaceSelector() == null && peer.getPodSelector() != null
                    && HelmChart.RELEASE.equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/instance"))) {
                callers.add(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component"));
            }
        }
        callers.remove("test");
        return callers;
    }

    /** Peers from outside the release: IP blocks, namespaces, or pods selected in other namespaces. */
    static List<NetworkPolicyPeer> otherPeers(RenderedRelease release, String component) {
        return peers(release, component).stream().filter(peer -> peer.getPodSelector() == null || peer.getNamespaceSelector() != null).toList();
    }

    static List<NetworkPolicyPeer> peers(RenderedRelease release, String component) {
        NetworkPolicy policy = release.get(NetworkPolicy.class, "carechain-" + component);
        List<NetworkPolicyPeer> peers = new ArrayList<>();
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            peers.addAll(rule.getFrom());
        }
        return peers;
    }
}
