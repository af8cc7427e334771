package dev.gatehouse.proxy.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The admin API of a running Gatehouse, as the command line talks to it: JSON in, JSON out, the token as
 * {@code Authorization: Bearer}. An answer that is not a success becomes a {@link ServerProblem} carrying the
 * server's own sentence, and a server that cannot be reached one that says so; a command prints either and exits 1.
 * One instance per command run; thread-safe.
 */
final class ServerClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Long enough for a big audit page or a policy dry run on a busy server. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  private final URI base;
  private final Optional<String> token;
  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

  /** @param base the server, such as {@code http://localhost:8080}; a path in it is kept as a prefix */
  ServerClient(URI base, Optional<String> token) {
    String text = requireNonNull(base, "base").toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.token = requireNonNull(token, "token");
  }

  /** A GET of {@code path} with {@code query} parameters (null values left out). */
  JsonNode get(String path, Map<String, String> query) throws ServerProblem {
    return send(request(path + queryString(query)).GET());
  }

  JsonNode get(String path) throws ServerProblem {
    return get(path, Map.of());
  }

  JsonNode post(String path, JsonNode body) throws ServerProblem {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
  }

  /** POSTs text, such as a policy file; the answer is JSON. */
  JsonNode post(String path, String contentType, String body) throws ServerProblem {
    return send(request(path).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  JsonNode delete(String path) throws ServerProblem {
    return send(request(path).DELETE());
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /** A path segment, such as a token name or an entry id, percent-encoded. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json");
    token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    return builder;
  }

  private JsonNode send(HttpRequest.Builder request) throws ServerProblem {
    HttpRequest built = request.build();
    HttpResponse<String> response;
    try {
      response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new ServerProblem(0, "cannot connect to " + base + " (is Gatehouse running there? set --server or "
          + "GATEHOUSE_URL)");
    } catch (HttpTimeoutException e) {
      throw new ServerProblem(0, base + " did not answer " + built.method() + " " + built.uri().getPath()
          + " in time");
    } catch (IOException e) {
      throw new ServerProblem(0, "talking to " + base + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerProblem(0, "interrupted while waiting for " + base);
    }
    JsonNode body = parse(response.body());
    if (response.statusCode() / 100 != 2) {
      String sentence = body != null && body.path("error").isTextual() ? body.path("error").asText()
          : "HTTP " + response.statusCode() + " from " + built.uri();
      throw new ServerProblem(response.statusCode(), sentence);
    }
    if (body == null) {
      throw new ServerProblem(response.statusCode(), built.uri() + " answered something that is not JSON");
    }
    return body;
  }

  private JsonNode parse(String text) {
    try {
      return text.isBlank() ? null : mapper.readTree(text);
    } catch (IOException notJson) {
      return null;
    }
  }

  private static String queryString(Map<String, String> query) {
    StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
    new LinkedHashMap<>(query).forEach((name, value) -> {
      if (value != null) {
        joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value,
            StandardCharsets.UTF_8));
      }
    });
    return joined.toString();
  }

  /** The server refused or could not be reached; {@link #getMessage()} is the sentence to print. */
  static final class ServerProblem extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    ServerProblem(int status, String sentence) {
      super(sentence, null, false, false);
      this.status = status;
    }

    /** The HTTP status, or 0 when there was no answer. */
    int status() {
      return status;
    }
  }
}
