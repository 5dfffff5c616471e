package org.carechain.service.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.concurrent.TimeUnit;
import org.carechain.proto.system.v1.PingRequest;
import org.carechain.proto.system.v1.PingResponse;
import org.carechain.proto.system.v1.SystemServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every CareChain service promises at its edges: health, metrics, OpenAPI, gRPC health,
 * JWT protection, and 4xx / INVALID_ARGUMENT (never 500) for malformed input. Each service runs
 * it against itself by extending it under {@code @QuarkusTest}.
 */
public abstract class ServiceContractTest {

    private static final String PING = "/api/v1/system/ping";

    @TestHTTPResource("/")
    URL root;

    private ManagedChannel channel;

    /** The service's logical name, e.g. {@code ledger-service}. */
    protected abstract String serviceName();

    @BeforeEach
    void openChannel() {
        channel = ManagedChannelBuilder.forAddress(root.getHost(), root.getPort()).usePlaintext().build();
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void healthEndpointsReportUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDescribesThePingEndpoint() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).body("paths.'" + PING + "'.post", notNullValue());
    }

    @Test
    void grpcHealthServiceReportsServing() {
        ServingStatus status = HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().build())
                .getStatus();
        assertEquals(ServingStatus.SERVING, status);
    }

    @Test
    void grpcPingAnswersWithThisService() {
        PingResponse response = SystemServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .ping(PingRequest.newBuilder().setNonce("n-1").build());
        assertEquals("n-1", response.getNonce());
        assertEquals(serviceName(), response.getHops(response.getHopsCount() - 1).getService());
    }

    @Test
    void grpcPingRejectsAnInvalidNonce() {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                () -> SystemServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(5, TimeUnit.SECONDS)
                        .ping(PingRequest.newBuilder().setNonce("no spaces allowed").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, error.getStatus().getCode());
    }

    @Test
    void grpcRejectsBytesThatAreNotProtobuf() {
        MethodDescriptor<byte[], byte[]> rawPing = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(SystemServiceGrpc.getPingMethod().getFullMethodName())
                .setRequestMarshaller(RawBytes.INSTANCE)
                .setResponseMarshaller(RawBytes.INSTANCE)
                .build();
        byte[] garbage = {(byte) 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel, rawPing,
                        CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), garbage));
        assertEquals(Status.Code.INVALID_ARGUMENT, error.getStatus().getCode(), error.getStatus().toString());
    }

    @Test
    void restPingWithoutTokenIsUnauthorized() {
        given().contentType(ContentType.JSON).body("{\"nonce\":\"n-1\"}")
                .when().post(PING)
                .then().statusCode(401).body("code", equalTo(401)).body("error", notNullValue());
    }

    @Test
    void restPingWithWrongRoleIsForbidden() {
        given().auth().oauth2(TestTokens.withRoles("patient")).contentType(ContentType.JSON).body("{\"nonce\":\"n-1\"}")
                .when().post(PING)
                .then().statusCode(403).body("code", equalTo(403));
    }

    @Test
    void restPingWithExpiredTokenIsUnauthorized() {
        given().auth().oauth2(TestTokens.expired("admin")).contentType(ContentType.JSON).body("{\"nonce\":\"n-1\"}")
                .when().post(PING)
                .then().statusCode(401);
    }

    @Test
    void restPingWithWronglySignedTokenIsUnauthorized() {
        given().auth().oauth2(TestTokens.signedByUntrustedKey("admin")).contentType(ContentType.JSON)
                .body("{\"nonce\":\"n-1\"}")
                .when().post(PING)
                .then().statusCode(401);
    }

    @Test
    void restPingWithTokenFromAnotherIssuerIsUnauthorized() {
        given().auth().oauth2(TestTokens.fromWrongIssuer("admin")).contentType(ContentType.JSON)
                .body("{\"nonce\":\"n-1\"}")
                .when().post(PING)
                .then().statusCode(401);
    }

    @Test
    void restPingWithAdminTokenAnswers() {
        given().auth().oauth2(TestTokens.withRoles("admin")).contentType(ContentType.JSON).body("{\"nonce\":\"n-2\"}")
                .when().post(PING)
                .then().statusCode(200)
                .body("nonce", equalTo("n-2"))
                .body("hops", hasSize(1))
                .body("hops[0].service", equalTo(serviceName()));
    }

    @Test
    void restPingWithMalformedJsonIsBadRequest() {
        given().auth().oauth2(TestTokens.withRoles("admin")).contentType(ContentType.JSON).body("{\"nonce\": ")
                .when().post(PING)
                .then().statusCode(400).body("code", equalTo(400)).body("error", equalTo("malformed JSON body"));
    }

    @Test
    void restPingWithWrongJsonTypeIsBadRequest() {
        given().auth().oauth2(TestTokens.withRoles("admin")).contentType(ContentType.JSON).body("{\"nonce\": {\"a\": 1}}")
                .when().post(PING)
                .then().statusCode(400).body("code", equalTo(400));
    }

    @Test
    void restPingWithInvalidNonceIsBadRequestWithReason() {
        given().auth().oauth2(TestTokens.withRoles("admin")).contentType(ContentType.JSON).body("{\"nonce\":\"\"}")
                .when().post(PING)
                .then().statusCode(400).body("error", containsString("nonce"));
    }

    @Test
    void restPingWithoutBodyIsBadRequest() {
        given().auth().oauth2(TestTokens.withRoles("admin")).contentType(ContentType.JSON)
                .when().post(PING)
                .then().statusCode(400).body("code", equalTo(400));
    }

    private enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
