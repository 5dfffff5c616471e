package org.carechain.cli.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.carechain.cli.verify.ResponseMapping;
import org.carechain.crypto.Hash;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.crypto.sse.Entry;
import org.carechain.crypto.sse.EpochAnchor;
import org.carechain.crypto.sse.KeyWrap;
import org.carechain.crypto.sse.KeywordStatement;
import org.carechain.crypto.sse.SearchResults;
import org.carechain.crypto.sse.SearchVerificationException;
import org.carechain.crypto.sse.SearchVerifier;
import org.carechain.crypto.sse.SecurityLabel;
import org.carechain.crypto.sse.UserKeywordKey;
import org.carechain.crypto.sse.VerifiedResult;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.verify.LedgerVerifier;
import org.carechain.ledger.core.verify.TransactionQuery;
import org.carechain.ledger.core.verify.VerificationException;
import org.carechain.proto.ledger.v1.GetTransactionRequest;
import org.carechain.proto.ledger.v1.GetTransactionResponse;
import org.carechain.proto.ledger.v1.LedgerServiceGrpc;
import org.carechain.proto.search.v1.EncryptedEntry;
import org.carechain.proto.search.v1.SearchConsortium;
import org.carechain.proto.search.v1.SearchOwner;
import org.carechain.proto.search.v1.SearchRequest;
import org.carechain.proto.search.v1.SearchResponse;
import org.carechain.proto.search.v1.SearchServerServiceGrpc;

/**
 * The user's side of verifiable search (the SDK behind {@code carechain search}): it asks the owner
 * for tokens, queries the untrusted server, and verifies everything before decrypting anything.
 *
 * <ol>
 *   <li>The owner's key comes from the {@code search} genesis (its app state), never from the owner.
 *   <li>The owner's anchor of the statements' epoch is fetched from a ledger node with its inclusion
 *       proof and commit certificate and checked against that genesis; its signature is checked;
 *       and the anchor of the next epoch must not be on the chain: the epoch is the latest.
 *   <li>For each token, the server's answer is checked against the signed statement
 *       ({@link SearchVerifier}): authenticity, freshness, validity and completeness.
 *   <li>Only then are the keyword keys unwrapped with the certificate's private key and the entries
 *       decrypted; a conjunction is the intersection of verified, complete single-keyword answers,
 *       so it is complete too.
 * </ol>
 */
public final class SearchClient implements AutoCloseable {

    /** How far a statement's issue time may be ahead of this clock. */
    static final Duration ALLOWED_SKEW = Duration.ofSeconds(30);

    /** The type URL of the {@code search} genesis app state that pins the owners' keys. */
    public static final String CONSORTIUM_TYPE_URL = "type.carechain.org/" + SearchConsortium.getDescriptor().getFullName();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI owner;
    private final Genesis searchGenesis;
    private final ManagedChannel serverChannel;
    private final ManagedChannel ledgerChannel;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private java.util.function.UnaryOperator<List<Entry>> server = java.util.function.UnaryOperator.identity();

    /** The user's credentials: the anonymous certificate, its private key and a login token bound to it. */
    public record Credentials(AnonymousCertificate certificate, PrivateKey privateKey, String token) {}

    /** What one keyword under one label gave, and how it was checked. */
    public record KeywordAnswer(String keyword, SecurityLabel securityLabel, long count, List<String> records) {}

    /** A verified answer: the anchor checked, each keyword's answers, and the records matching all keywords. */
    public record Answer(String owner, long epoch, long anchorHeight, int certifiers, List<String> grantedLabels,
            List<KeywordAnswer> keywords, List<String> records) {}

    /** The search could not be verified; {@code check} names which check failed. */
    public static final class SearchFailure extends Exception {
        private final String check;

        public SearchFailure(String check, String message) {
            super(message);
            this.check = check;
        }

        public String check() {
            return check;
        }
    }

    public SearchClient(URI owner, String serverTarget, String ledgerTarget, Genesis searchGenesis) {
        this.owner = owner;
        this.searchGenesis = searchGenesis;
        this.serverChannel = ManagedChannelBuilder.forTarget(serverTarget).usePlaintext().build();
        this.ledgerChannel = ManagedChannelBuilder.forTarget(ledgerTarget).usePlaintext().build();
    }

    /**
     * Plays a lying server for demonstrations and tests: each answer of the real server passes
     * through {@code lie} before it is verified.
     */
    public SearchClient withLyingServer(java.util.function.UnaryOperator<List<Entry>> lie) {
        this.server = lie;
        return this;
    }

    /** Searches for records matching every keyword; throws if anything fails verification. */
    public Answer search(List<String> keywords, Credentials credentials) throws SearchFailure, IOException,
            InterruptedException {
        JsonNode tokens = tokens(keywords, credentials);
        String ownerId = tokens.path("owner").asText();
        Ed25519PublicKey ownerKey = ownerKey(ownerId);
        JsonNode anchor = tokens.path("anchor");
        long epoch = anchor.path("epoch").asLong();
        int certifiers = verifyAnchor(ownerId, ownerKey, epoch);
        long latest = latestAnchored(ownerId, epoch);

        List<KeywordAnswer> answers = new ArrayList<>();
        List<Set<String>> perKeyword = new ArrayList<>();
        keywords.forEach(k -> perKeyword.add(new LinkedHashSet<>()));
        SearchServerServiceGrpc.SearchServerServiceBlockingStub serverStub =
                SearchServerServiceGrpc.newBlockingStub(serverChannel).withDeadlineAfter(30, TimeUnit.SECONDS);
        for (JsonNode token : tokens.path("tokens")) {
            int index = token.path("keywordIndex").asInt();
            SecurityLabel label = SecurityLabel.fromCode(token.path("securityLabel").asText());
            KeywordStatement statement = statement(token.path("statement"));
            List<byte[]> labels = new ArrayList<>();
            token.path("labels").forEach(l -> labels.add(Base64.getDecoder().decode(l.asText())));
            SearchResponse response;
            try {
                response = serverStub.search(SearchRequest.newBuilder().setOwner(ownerId)
                        .addAllLabels(labels.stream().map(ByteString::copyFrom).toList()).build());
            } catch (StatusRuntimeException e) {
                throw new SearchFailure("server", "the search server answered " + e.getStatus().getCode()
                        + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()));
            }
            List<Entry> entries = new ArrayList<>(response.getEntriesCount());
            for (EncryptedEntry entry : response.getEntriesList()) {
                try {
                    entries.add(new Entry(entry.getLabel().toByteArray(), entry.getValue().toByteArray()));
                } catch (IllegalArgumentException e) {
                    throw new SearchFailure("VALIDITY", "the server returned a malformed entry: " + e.getMessage());
                }
            }
            entries = server.apply(entries);
            VerifiedResult verified;
            try {
                verified = SearchVerifier.verify(statement, ownerKey, ownerId, statement.keywordTag(), labels, entries,
                        latest, Instant.now(), ALLOWED_SKEW);
            } catch (SearchVerificationException e) {
                throw new SearchFailure(e.check().name(), "\"" + keywords.get(index) + "\" [" + label + "]: " + e.getMessage());
            }
            byte[] key;
            try {
                key = KeyWrap.unwrap(credentials.privateKey(), Base64.getDecoder().decode(token.path("wrappedKey").asText()),
                        KeyWrap.keywordKeyInfo(ownerId, label, statement.keywordTag()));
            } catch (RuntimeException | java.security.GeneralSecurityException e) {
                throw new SearchFailure("key", "the wrapped key for \"" + keywords.get(index) + "\" [" + label
                        + "] does not open with this certificate's key");
            }
            List<String> records = SearchResults.decrypt(new UserKeywordKey(label, statement.keywordTag(), key), verified);
            perKeyword.get(index).addAll(records);
            answers.add(new KeywordAnswer(keywords.get(index), label, statement.count(), records));
        }
        Set<String> matching = new LinkedHashSet<>(perKeyword.get(0));
        perKeyword.subList(1, perKeyword.size()).forEach(matching::retainAll);
        List<String> granted = new ArrayList<>();
        tokens.path("grantedLabels").forEach(l -> granted.add(l.asText()));
        return new Answer(ownerId, epoch, anchor.path("height").asLong(), certifiers, granted, answers,
                new ArrayList<>(matching));
    }

    private JsonNode tokens(List<String> keywords, Credentials credentials) throws IOException, InterruptedException,
            SearchFailure {
        ObjectNode body = JSON.createObjectNode();
        keywords.forEach(body.putArray("keywords")::add);
        body.put("certificate", credentials.certificate().toPem());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(owner.resolve("/api/v1/search/owner/tokens"))
                .header("Authorization", "Bearer " + credentials.token())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        if (response.statusCode() != 200) {
            throw new SearchFailure("owner", "the owner refused the token request: " + response.statusCode() + " "
                    + json.path("message").asText(json.path("error").asText("")));
        }
        return json;
    }

    /** The owner's key as the search genesis pins it. */
    private Ed25519PublicKey ownerKey(String ownerId) throws SearchFailure {
        TypedPayload state = searchGenesis.appState(CONSORTIUM_TYPE_URL)
                .orElseThrow(() -> new SearchFailure("AUTHENTICITY", "the search genesis pins no owner keys"));
        try {
            for (SearchOwner candidate : SearchConsortium.parseFrom(state.value()).getOwnersList()) {
                if (candidate.getOwner().equals(ownerId)) {
                    return Ed25519PublicKey.create(candidate.getPublicKey().toByteArray());
                }
            }
        } catch (InvalidProtocolBufferException | InvalidKeyException e) {
            throw new SearchFailure("AUTHENTICITY", "the search genesis's owner keys are malformed");
        }
        throw new SearchFailure("AUTHENTICITY", "the search genesis has no key for owner " + ownerId);
    }

    /** Checks the anchor of {@code epoch} on the chain; answers how many validators certified its block. */
    private int verifyAnchor(String ownerId, Ed25519PublicKey ownerKey, long epoch) throws SearchFailure {
        String key = EpochAnchor.idempotencyKey(ownerId, epoch);
        GetTransactionResponse response;
        try {
            response = ledger().getTransaction(GetTransactionRequest.newBuilder()
                    .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_SEARCH).setIdempotencyKey(key).build());
        } catch (StatusRuntimeException e) {
            throw new SearchFailure("FRESHNESS", "epoch " + epoch + " is not anchored on the search channel ("
                    + e.getStatus().getCode() + ")");
        }
        try {
            var proof = ResponseMapping.transactionProof(response);
            LedgerVerifier.forGenesis(searchGenesis).verifyTransaction(TransactionQuery.byIdempotencyKey(key), proof);
            Transaction transaction = proof.transaction();
            TypedPayload payload = (TypedPayload) transaction.payload();
            org.carechain.proto.search.v1.EpochAnchor proto = org.carechain.proto.search.v1.EpochAnchor.parseFrom(payload.value());
            EpochAnchor anchor = new EpochAnchor(proto.getOwner(), proto.getEpoch(), proto.getLogSize(),
                    Hash.of(proto.getLogRoot().toByteArray()), proto.getSignature().toByteArray());
            if (!anchor.owner().equals(ownerId) || anchor.epoch() != epoch || !anchor.verify(ownerKey)) {
                throw new SearchFailure("FRESHNESS", "the anchor of epoch " + epoch + " on the chain is not the owner's");
            }
            return proof.block().certificate().signatures().size();
        } catch (VerificationException | IllegalArgumentException | ClassCastException | InvalidProtocolBufferException e) {
            throw new SearchFailure("FRESHNESS", "the anchor of epoch " + epoch + " does not verify against the search "
                    + "genesis: " + e.getMessage());
        }
    }

    /** The latest anchored epoch: {@code epoch}, unless the chain already holds the next one. */
    private long latestAnchored(String ownerId, long epoch) throws SearchFailure {
        try {
            ledger().getTransaction(GetTransactionRequest.newBuilder()
                    .setChannel(org.carechain.proto.ledger.v1.Channel.CHANNEL_SEARCH)
                    .setIdempotencyKey(EpochAnchor.idempotencyKey(ownerId, epoch + 1)).build());
            return epoch + 1;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return epoch;
            }
            throw new SearchFailure("FRESHNESS", "cannot ask the ledger for a newer anchor (" + e.getStatus().getCode() + ")");
        }
    }

    private LedgerServiceGrpc.LedgerServiceBlockingStub ledger() {
        return LedgerServiceGrpc.newBlockingStub(ledgerChannel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static KeywordStatement statement(JsonNode json) {
        return new KeywordStatement(json.path("owner").asText(), json.path("ownerKeyId").asText(),
                Hash.fromHex(json.path("keywordTag").asText()), json.path("count").asLong(),
                Hash.fromHex(json.path("digest").asText()), json.path("epoch").asLong(),
                json.path("issuedAtMillis").asLong(), json.path("expiresAtMillis").asLong(),
                Base64.getDecoder().decode(json.path("signature").asText()));
    }

    @Override
    public void close() {
        serverChannel.shutdownNow();
        ledgerChannel.shutdownNow();
    }
}
