package org.carechain.cli.search;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.carechain.cli.cluster.CareChainService;
import org.carechain.cli.cluster.DevTokenIssuer;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.cli.cluster.LocalSearch;
import org.carechain.cli.demo.PkiClient;
import org.carechain.cli.verify.VerifyFiles;
import org.carechain.crypto.pki.AnonymousCertificate;

/** How the local cluster's users reach search: the client wired to it, and a clinician to search as. */
public final class SearchSetup {

    private SearchSetup() {}

    /** A client of the local search-service (owner and server), ledger-0 and the search genesis. */
    public static SearchClient client(LocalCluster cluster) {
        return new SearchClient(cluster.uri(CareChainService.SEARCH),
                "127.0.0.1:" + cluster.uri(CareChainService.SEARCH).getPort(),
                "127.0.0.1:" + cluster.uri(CareChainService.LEDGER_0).getPort(),
                VerifyFiles.genesis(searchGenesis(cluster)));
    }

    public static Path searchGenesis(LocalCluster cluster) {
        return cluster.config().consortiumDir().resolve("genesis").resolve("search.json");
    }

    /** The owner the local search-service indexes. */
    public static String owner() {
        return LocalSearch.OWNER;
    }

    /**
     * A synthetic clinician of hospital1 with credentials to search: enrolled by the development
     * registrar, an anonymous certificate for a fresh Ed25519 key, and a login token bound to it.
     */
    public static SearchClient.Credentials clinician(LocalCluster cluster, DevTokenIssuer tokens) throws IOException,
            InterruptedException, GeneralSecurityException {
        PkiClient pki = new PkiClient(cluster.uri(CareChainService.REGISTRATION), cluster.uri(CareChainService.CERTIFICATE));
        PkiClient.Person person = new PkiClient.Person("Ada", "Demo-Clinician", "1980-01-01",
                "CLIN" + String.format("%08d", new java.security.SecureRandom().nextInt(100_000_000)));
        PkiClient.Reply enrolled = pki.enrol(person, "clinician", "hospital1",
                tokens.mint("demo-registrar", List.of("registrar"), Duration.ofMinutes(5)));
        if (enrolled.status() != 201) {
            throw new IOException("enrolling a clinician failed: " + enrolled.status() + " " + enrolled.error());
        }
        KeyPair key = PkiClient.newAppKey();
        PkiClient.Reply issued = pki.issue(PkiClient.csr(key), enrolled.field("credential.encoded"));
        if (issued.status() != 201) {
            throw new IOException("issuing the clinician's certificate failed: " + issued.status() + " " + issued.error());
        }
        AnonymousCertificate certificate = AnonymousCertificate.parsePem(issued.field("certificate"));
        PkiClient.Reply login = pki.login(certificate, key);
        if (login.status() != 200) {
            throw new IOException("the clinician's login failed: " + login.status() + " " + login.error());
        }
        return new SearchClient.Credentials(certificate, key.getPrivate(), login.field("accessToken"));
    }
}
