package org.carechain.cli.audit;

import java.nio.file.Path;
import org.carechain.cli.cluster.ClusterConfig;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.cluster.LocalConsortium;

/** Where the local cluster keeps a provider's EHR database, keys and genesis, for commands' defaults. */
record LocalDefaults(String database, Path keysDir, Path genesisFile, String target) {

    static LocalDefaults of(Path home, String provider) {
        ClusterConfig config = ClusterConfig.forCheckout(home, System.getenv());
        LocalConsortium consortium = new LocalConsortium(config.consortiumDir());
        String target = LocalCluster.load(config).map(LocalCluster::auditTarget).orElse("127.0.0.1:8087");
        return new LocalDefaults(config.ehrDatabaseName(provider), consortium.providerKeysDir(provider),
                consortium.genesisDir().resolve("ehr.json"), target);
    }
}
