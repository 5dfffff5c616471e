package org.carechain.search.owner;

import org.carechain.service.error.ApiException;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carechain.crypto.Hash;
import org.carechain.crypto.pki.AnonymousCertificate;
import org.carechain.crypto.sse.KeyWrap;
import org.carechain.crypto.sse.KeywordKeys;
import org.carechain.crypto.sse.KeywordState;
import org.carechain.crypto.sse.KeywordStatement;
import org.carechain.crypto.sse.SecurityLabel;
import org.carechain.search.owner.OwnerStore.Epoch;

/**
 * Issues search tokens: for each keyword and each security label the caller is granted, the
 * keyword's labels up to its count at the latest anchored epoch, its encryption key wrapped to the
 * caller's certificate key, and the owner's signed statement of (tag, count, digest, epoch). A
 * label the caller is not granted yields nothing, so R and V data stay out of reach by
 * cryptography, not by a check on the server.
 */
@ApplicationScoped
public class TokenDesk {

    /** Most keywords in one request. */
    public static final int MAX_KEYWORDS = 16;
    /** Longest keyword. */
    public static final int MAX_KEYWORD_LENGTH = 200;

    @Inject
    OwnerKeys keys;

    @Inject
    OwnerStore store;

    @Inject
    OwnerConfig config;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    /** One keyword under one label, ready for the user. */
    public record KeywordToken(int keywordIndex, SecurityLabel securityLabel, KeywordStatement statement,
            List<byte[]> labels, byte[] wrappedKey) {}

    /** What a token request answers: the anchored epoch the statements are about, and the tokens. */
    public record Tokens(String owner, Epoch anchored, List<KeywordToken> tokens) {}

    public Uni<Tokens> issue(List<String> keywords, AnonymousCertificate certificate, Set<SecurityLabel> granted) {
        if (!keys.enabled()) {
            return Uni.createFrom().failure(ApiException.unavailable("this search-service is not a search owner"));
        }
        List<KeywordKeys> wanted = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < keywords.size(); i++) {
            for (SecurityLabel label : granted) {
                if (keys.masterKeys().has(label)) {
                    wanted.add(keys.masterKeys().keywordKeys(label, keywords.get(i)));
                    indexes.add(i);
                }
            }
        }
        List<Hash> tags = wanted.stream().map(KeywordKeys::tag).toList();
        return store.latestAnchored().chain(anchored -> {
            if (anchored.isEmpty()) {
                return Uni.createFrom().failure(ApiException.unavailable(
                        "the index has no anchored epoch yet; try again shortly"));
            }
            Epoch epoch = anchored.get();
            return store.keywords(tags).map(stored -> tokens(epoch, wanted, indexes, stored, certificate));
        });
    }

    private Tokens tokens(Epoch epoch, List<KeywordKeys> wanted, List<Integer> indexes,
            Map<Hash, OwnerStore.StoredKeyword> stored, AnonymousCertificate certificate) {
        List<KeywordToken> tokens = new ArrayList<>(wanted.size());
        for (int i = 0; i < wanted.size(); i++) {
            KeywordKeys keywordKeys = wanted.get(i);
            OwnerStore.StoredKeyword keyword = stored.get(keywordKeys.tag());
            KeywordState state = keyword == null ? KeywordState.EMPTY : keyword.asOf(epoch.epoch());
            KeywordStatement statement = KeywordStatement.sign(keys.ownerKey(), keys.provider(), keywordKeys.tag(), state,
                    epoch.epoch(), clock.instant(), config.statementValidity());
            byte[] wrapped = KeyWrap.wrap(certificate.publicKey(), keywordKeys.encryptionKey(),
                    KeyWrap.keywordKeyInfo(keys.provider(), keywordKeys.securityLabel(), keywordKeys.tag()), random);
            tokens.add(new KeywordToken(indexes.get(i), keywordKeys.securityLabel(), statement,
                    keywordKeys.labels(state.count()), wrapped));
        }
        return new Tokens(keys.provider(), epoch, tokens);
    }
}
