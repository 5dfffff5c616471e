package org.carechain.cli.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * JSON over HTTP to a provider's gateway (its ledger node) with a bearer token: the one transport
 * of the consent, exchange and access-report clients.
 */
final class GatewayHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    GatewayHttp(URI gateway) {
        this.gateway = gateway;
    }

    URI gateway() {
        return gateway;
    }

    /** The answer: its status, its JSON body (empty object if none or not JSON) and the raw text. */
    record Reply(int status, JsonNode body, String text) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The service's own reason ({@code error} of its JSON error), else the status alone. */
        String error() {
            String reason = body.path("error").asText(body.path("message").asText(""));
            return reason.isBlank() ? "HTTP " + status : reason;
        }
    }

    Reply get(String path, String token) throws IOException, InterruptedException {
        return send(request(path, token).GET().build());
    }

    Reply post(String path, String token, JsonNode body) throws IOException, InterruptedException {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException("the gateway " + gateway + " is not reachable");
        }
        JsonNode body;
        try {
            body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        return new Reply(response.statusCode(), body, response.body());
    }
}
