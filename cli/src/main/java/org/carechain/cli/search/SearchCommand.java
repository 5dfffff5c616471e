package org.carechain.cli.search;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.carechain.cli.ClusterOptions;
import org.carechain.cli.cluster.ClusterConfig;
import org.carechain.cli.cluster.ClusterException;
import org.carechain.cli.cluster.DevTokenIssuer;
import org.carechain.cli.cluster.LocalCluster;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.pki.MalformedPkiDataException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code carechain search "code=44054006 AND type=Condition"}: forms tokens with the owner, queries
 * the untrusted server, verifies the answer (owner's statement, completeness, the anchor on the
 * ledger) and only then decrypts, and prints which checks passed. Exit code 0 when everything
 * verified, 1 when a check failed (nothing is decrypted then), 2 when it could not run.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Verifiable encrypted search of a provider's records (docs/search-security.md).",
                "Without --certificate, a synthetic clinician of the local cluster is enrolled and searches."})
public final class SearchCommand implements Callable<Integer> {

    static final int VERIFIED = 0;
    static final int FAILED = 1;
    static final int CANNOT_RUN = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", paramLabel = "QUERY",
            description = "Keywords joined by AND, e.g. \"code=44054006 AND date=2024\". Keywords: code=<code>, "
                    + "code=<system>|<code>, type=<ResourceType>, date=<YYYY> or date=<YYYY-MM>.")
    String query;

    @Option(names = "--owner-url", description = "The owner's base URL (default: the local cluster's search-service).")
    java.net.URI ownerUrl;

    @Option(names = "--server", description = "The search server's gRPC address, host:port (default: the local cluster's).")
    String server;

    @Option(names = "--ledger", description = "A ledger node's gRPC address, host:port, to check anchors (default: ledger-0).")
    String ledger;

    @Option(names = "--genesis", description = "The search channel's genesis file, which pins the owners' keys "
            + "(default: the local consortium's).")
    Path genesis;

    @Option(names = "--certificate", description = "Your anonymous certificate (PEM).")
    Path certificateFile;

    @Option(names = "--key", description = "Its private key (PKCS#8 PEM, Ed25519 or P-256).")
    Path keyFile;

    @Option(names = "--token-file", description = "A login token bound to the certificate (certificate-service /auth/token).")
    Path tokenFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> keywords;
        try {
            keywords = parse(query);
        } catch (IllegalArgumentException e) {
            err.println("carechain: " + e.getMessage());
            return CANNOT_RUN;
        }
        try {
            boolean explicit = ownerUrl != null && server != null && ledger != null && genesis != null;
            if (!explicit && (ownerUrl != null || server != null || ledger != null || genesis != null)) {
                throw new IllegalArgumentException("give all of --owner-url, --server, --ledger and --genesis, or none");
            }
            if (explicit && certificateFile == null) {
                throw new IllegalArgumentException("--certificate, --key and --token-file are needed outside the local cluster");
            }
            LocalCluster local = null;
            ClusterConfig config = null;
            if (!explicit || certificateFile == null) {
                config = cluster.config();
                local = LocalCluster.load(config).orElseThrow(() -> new ClusterException(
                        "no local cluster is running; start one with ./carechain up"));
            }
            SearchClient.Credentials credentials = certificateFile == null
                    ? SearchSetup.clinician(local, DevTokenIssuer.loadOrCreate(config.jwtDir(), config.jwtIssuer()))
                    : credentials();
            try (SearchClient client = explicit
                    ? new SearchClient(ownerUrl, server, ledger, org.carechain.cli.verify.VerifyFiles.genesis(genesis))
                    : SearchSetup.client(local)) {
                SearchClient.Answer answer = client.search(keywords, credentials);
                print(out, answer);
                return VERIFIED;
            }
        } catch (SearchClient.SearchFailure failure) {
            err.println("carechain: NOT VERIFIED (" + failure.check() + "): " + failure.getMessage());
            err.println("carechain: nothing was decrypted");
            return FAILED;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            err.println("carechain: " + e.getMessage());
            return CANNOT_RUN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CANNOT_RUN;
        }
    }

    /** The keywords of a conjunctive query; OR and NOT are not supported. */
    public static List<String> parse(String query) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("a query is required, e.g. \"code=44054006 AND type=Condition\"");
        }
        List<String> keywords = new ArrayList<>();
        for (String part : query.split("\\s+AND\\s+")) {
            String keyword = part.strip();
            if (keyword.isEmpty() || keyword.contains(" OR ") || keyword.startsWith("NOT ")) {
                throw new IllegalArgumentException("only conjunctions (A AND B AND ...) of keywords are supported");
            }
            keywords.add(keyword);
        }
        if (keywords.size() > 16) {
            throw new IllegalArgumentException("at most 16 keywords per query");
        }
        return keywords;
    }

    /** Prints the verified answer and the checks that passed. */
    public static void print(PrintWriter out, SearchClient.Answer answer) {
        out.println("owner " + answer.owner() + ", granted labels " + String.join(",", answer.grantedLabels()));
        out.println("  [ok] anchor: epoch " + answer.epoch() + " is committed on the search channel at height "
                + answer.anchorHeight() + " (inclusion proof and " + answer.certifiers()
                + " validator signatures checked against the search genesis), signed by the owner key the genesis pins,"
                + " and no later epoch is anchored");
        java.util.Map<String, List<SearchClient.KeywordAnswer>> byKeyword = new java.util.LinkedHashMap<>();
        answer.keywords().forEach(k -> byKeyword.computeIfAbsent(k.keyword(), x -> new ArrayList<>()).add(k));
        byKeyword.forEach((keyword, labels) -> {
            List<String> present = new ArrayList<>();
            List<String> absent = new ArrayList<>();
            for (SearchClient.KeywordAnswer label : labels) {
                if (label.count() == 0) {
                    absent.add(label.securityLabel().name());
                } else {
                    present.add(label.count() + " entries under " + label.securityLabel() + " (" + label.records().size()
                            + " record(s) after deletions)");
                }
            }
            out.println("  [ok] \"" + keyword + "\": " + (present.isEmpty() ? "no entries" : String.join(", ", present))
                    + (absent.isEmpty() ? "" : "; a signed count of 0 under " + String.join(",", absent))
                    + ". Each owner statement verifies, and the server's entries recompute its hash chain: none dropped,"
                    + " added, altered or reordered, and fresh");
        });
        out.println("  " + answer.records().size() + " record(s) match all " + answer.keywords().stream()
                .map(SearchClient.KeywordAnswer::keyword).distinct().count() + " keyword(s):");
        answer.records().stream().limit(20).forEach(record -> out.println("    " + record));
        if (answer.records().size() > 20) {
            out.println("    ... and " + (answer.records().size() - 20) + " more");
        }
    }

    private SearchClient.Credentials credentials() throws IOException, GeneralSecurityException {
        return credentials(certificateFile, keyFile, tokenFile);
    }

    /**
     * The credentials in files: an anonymous certificate (PEM), its private key (PKCS#8 PEM) and a
     * login token bound to it.
     */
    public static SearchClient.Credentials credentials(Path certificateFile, Path keyFile, Path tokenFile)
            throws IOException, GeneralSecurityException {
        if (keyFile == null || tokenFile == null) {
            throw new IllegalArgumentException("--certificate needs --key and --token-file");
        }
        AnonymousCertificate certificate;
        try {
            certificate = AnonymousCertificate.parsePem(Files.readString(certificateFile));
        } catch (MalformedPkiDataException e) {
            throw new IllegalArgumentException(certificateFile + " is not an anonymous certificate");
        }
        String pem = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem));
        PrivateKey key = KeyFactory.getInstance(certificate.jcaPublicKey().getAlgorithm()).generatePrivate(spec);
        return new SearchClient.Credentials(certificate, key, Files.readString(tokenFile).strip());
    }
}
