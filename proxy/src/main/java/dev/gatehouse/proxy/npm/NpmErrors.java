package dev.gatehouse.proxy.npm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import dev.gatehouse.proxy.registry.ArtifactReplies;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.TreeMap;

/**
 * Problems under {@code /npm/} as the npm registry sends them: a JSON body whose {@code error} field npm prints
 * after the status line ({@code 403 Forbidden - GET <url> - <error>}). A problem with a reason phrase of its own
 * (every refusal) sends it on the status line, because pnpm and Yarn 2+ print only that, and the same sentence
 * as {@code error}; the longer body goes in {@code detail}. A refusal also carries an {@code npm-notice} header,
 * which npm prints even when it goes on without the package: a refused optional dependency (the platform
 * binary of biome, turbo, esbuild) is skipped with exit code 0, and this notice is then all the user sees.
 */
final class NpmErrors {
  /** A read-only proxy's answer to publish, unpublish, deprecate, dist-tag changes and logins. */
  static final String READ_ONLY = "Gatehouse is a read-only proxy: it does not publish, unpublish, deprecate, "
      + "change dist-tags or log in; do that against the upstream registry directly";

  private final ObjectMapper mapper = new ObjectMapper();

  /** {@code problem} as npm's JSON error; 5xx answers carry the request id for the operator's log. */
  HttpReply.Bytes reply(HttpCall call, HttpProblem problem) {
    String sentence = problem.reasonPhrase().isEmpty() ? problem.sentence() : problem.reasonPhrase();
    if (problem.status().code() >= 500) {
      sentence += " (request id " + call.requestId() + ")";
    }
    ObjectNode body = mapper.createObjectNode();
    body.put("error", sentence);
    if (!problem.sentence().equals(sentence)) {
      body.put("detail", problem.sentence());
    }
    body.put("requestId", call.requestId());
    Map<String, String> headers = new TreeMap<>(problem.headers());
    if (problem.headers().containsKey(ArtifactReplies.VERDICT_HEADER)) {
      headers.put("npm-notice", problem.reasonPhrase());
    }
    return new HttpReply.Bytes(problem.statusLine(), "application/json", json(body), headers, call.isHead());
  }

  HttpReply.Bytes readOnly(HttpCall call, String allowed) {
    return reply(call, new HttpProblem(HttpResponseStatus.METHOD_NOT_ALLOWED, READ_ONLY, "", Map.of("Allow", allowed)));
  }

  HttpReply.Bytes badRequest(HttpCall call, String sentence) {
    return reply(call, HttpProblem.badRequest(sentence));
  }

  HttpReply.Bytes notFound(HttpCall call, String sentence) {
    return reply(call, HttpProblem.notFound(sentence));
  }

  HttpReply.Bytes upstreamFailed(HttpCall call, String sentence, boolean timedOut) {
    return reply(call, HttpProblem.upstreamFailed(timedOut, sentence));
  }

  byte[] json(ObjectNode body) {
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an object of strings always serializes", e);
    }
  }
}
