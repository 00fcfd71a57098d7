package io.dbworkers.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** HTTP calls to a running jar's /observe endpoints, and the checks in their JSON. */
final class ManagementEndpoints {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;

    ManagementEndpoints(int port) {
        this.base = "http://127.0.0.1:" + port + "/observe/";
    }

    /** GET of {@code health/ready}, {@code health/live}, {@code metrics}... */
    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The check of that name in a health response; an error when it is missing. */
    static JsonNode check(HttpResponse<String> response, String name) throws Exception {
        for (JsonNode check : JSON.readTree(response.body()).path("checks")) {
            if (name.equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + response.body());
    }

    /** The names of the DOWN checks of a health response. */
    static java.util.List<String> down(HttpResponse<String> response) throws Exception {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (JsonNode check : JSON.readTree(response.body()).path("checks")) {
            if ("DOWN".equals(check.path("status").asText())) {
                names.add(check.path("name").asText());
            }
        }
        return names;
    }
}
