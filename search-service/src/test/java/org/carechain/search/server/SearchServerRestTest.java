package org.carechain.search.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.carechain.crypto.sse.Entry;
import org.carechain.proto.search.v1.PutUpdatesRequest;
import org.carechain.proto.search.v1.SearchServerServiceGrpc;
import org.carechain.service.testing.ServiceTestResource;
import org.carechain.service.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server's REST face for users: JWT roles, the query's order and its 400 reasons. */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = SearchDatabase.NAME))
class SearchServerRestTest {

    private static final String OWNER = "rest";
    private static final String QUERY = "/api/v1/search/servers/" + OWNER + "/query";
    private static final String HEAD = "/api/v1/search/servers/" + OWNER + "/head";
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private static TestOwner owner;
    private static List<Entry> stored;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void pushOneEpochOnce() throws InterruptedException {
        if (owner != null) {
            return;
        }
        TestOwner pushing = TestOwner.of(OWNER);
        stored = TestOwner.randomEntries(new Random(6), 12);
        PutUpdatesRequest request = pushing.next(stored);
        ManagedChannel channel = ManagedChannelBuilder.forAddress(root.getHost(), root.getPort()).usePlaintext().build();
        try {
            SearchServerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).putUpdates(request);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        pushing.applied(request);
        owner = pushing;
    }

    private static String body(List<String> labels) {
        return labels.stream().map(label -> "\"" + label + "\"").collect(Collectors.joining(",", "{\"labels\":[", "]}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"patient", "clinician", "auditor", "admin"})
    void aUserQueriesByLabelAndGetsTheEntriesInTheOrderAsked(String role) {
        String unknown = BASE64.encodeToString(new byte[32]);
        given().auth().oauth2(TestTokens.withRoles(role)).contentType(ContentType.JSON)
                .body(body(List.of(BASE64.encodeToString(stored.get(7).label()), unknown,
                        BASE64.encodeToString(stored.get(2).label()))))
                .when().post(QUERY)
                .then().statusCode(200)
                .body("entries", hasSize(2))
                .body("entries[0].label", equalTo(BASE64.encodeToString(stored.get(7).label())))
                .body("entries[0].value", equalTo(BASE64.encodeToString(stored.get(7).value())))
                .body("entries[1].label", equalTo(BASE64.encodeToString(stored.get(2).label())))
                .body("entries[1].value", equalTo(BASE64.encodeToString(stored.get(2).value())));
    }

    @Test
    void theHeadIsTheOwnersLastEpochSizeAndRoot() {
        given().auth().oauth2(TestTokens.withRoles("auditor")).when().get(HEAD)
                .then().statusCode(200)
                .body("epoch", equalTo(1))
                .body("logSize", equalTo(12))
                .body("logRoot", equalTo(owner.log.root().toHex()));
    }

    @Test
    void withoutAValidTokenTheAnswerIs401() {
        String query = body(List.of(BASE64.encodeToString(stored.get(0).label())));
        given().contentType(ContentType.JSON).body(query).when().post(QUERY)
                .then().statusCode(401).body("code", equalTo(401));
        given().auth().oauth2(TestTokens.expired("patient")).contentType(ContentType.JSON).body(query).when().post(QUERY)
                .then().statusCode(401);
        given().auth().oauth2(TestTokens.signedByUntrustedKey("patient")).contentType(ContentType.JSON).body(query)
                .when().post(QUERY).then().statusCode(401);
        given().when().get(HEAD).then().statusCode(401);
    }

    @Test
    void aRoleThatMayNotSearchIs403() {
        String query = body(List.of(BASE64.encodeToString(stored.get(0).label())));
        for (String role : List.of("registrar", "ca-officer")) {
            given().auth().oauth2(TestTokens.withRoles(role)).contentType(ContentType.JSON).body(query)
                    .when().post(QUERY).then().statusCode(403).body("code", equalTo(403));
            given().auth().oauth2(TestTokens.withRoles(role)).when().get(HEAD).then().statusCode(403);
        }
    }

    @Test
    void badLabelsAre400WithTheFieldNamed() {
        String good = BASE64.encodeToString(stored.get(0).label());
        String token = TestTokens.withRoles("patient");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body(List.of(good, "not base64!")))
                .when().post(QUERY).then().statusCode(400).body("error", containsString("labels[1]"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body(List.of(BASE64.encodeToString(new byte[31]))))
                .when().post(QUERY).then().statusCode(400).body("error", containsString("labels[0]"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                .when().post(QUERY).then().statusCode(400).body("error", containsString("labels"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"labels\": \"" + good + "\"}")
                .when().post(QUERY).then().statusCode(400).body("code", equalTo(400));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .when().post(QUERY).then().statusCode(400).body("code", equalTo(400));
        String tooMany = body(Collections.nCopies(SearchServer.MAX_SEARCH_LABELS + 1, good));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(tooMany)
                .when().post(QUERY).then().statusCode(400).body("error", containsString("labels"));
    }

    @Test
    void anOwnerThisServerDoesNotHostIs404() {
        given().auth().oauth2(TestTokens.withRoles("patient")).contentType(ContentType.JSON)
                .body(body(List.of(BASE64.encodeToString(new byte[32]))))
                .when().post("/api/v1/search/servers/stranger/query")
                .then().statusCode(404).body("error", containsString("owner"));
        given().auth().oauth2(TestTokens.withRoles("patient")).when().get("/api/v1/search/servers/stranger/head")
                .then().statusCode(404);
    }

    @Test
    void openApiDescribesTheServerEndpoints() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/search/servers/{owner}/query'.post", notNullValue())
                .body("paths.'/api/v1/search/servers/{owner}/head'.get", notNullValue());
    }
}
