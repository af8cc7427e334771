package dev.gatehouse.proxy.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.policy.PolicyException;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.List;

/**
 * {@code /api/v1/policy/check} (a dry run of the policy YAML in the body) and {@code /api/v1/policy/reload} (read
 * {@code policy.file} again and put it in force), answering a {@link PolicyReport} as JSON. The admin API checks
 * the caller's token before it hands a call here. Blocking: called on the blocking executor.
 */
public final class PolicyApi {
  /** The source name of a policy sent in a request body, as errors show it. */
  static final String BODY = "request body";

  private final PolicyReload reload;
  private final ObjectMapper mapper = new ObjectMapper();

  public PolicyApi(PolicyReload reload) {
    this.reload = requireNonNull(reload, "reload");
  }

  /**
   * Answers {@code call}, whose path below {@code /api/v1/} is {@code parts} ({@code ["policy", "check"]}).
   */
  public HttpReply route(HttpCall call, String[] parts) throws IOException {
    if (parts.length != 2 || !(parts[1].equals("check") || parts[1].equals("reload"))) {
      return HttpProblem.notFound("no policy resource at " + HttpProblem.printable(call.rawPath())
          + "; see POST /api/v1/policy/check and POST /api/v1/policy/reload");
    }
    if (!HttpMethod.POST.equals(call.method())) {
      return HttpProblem.methodNotAllowed(call.method().name(), "POST");
    }
    if (parts[1].equals("check")) {
      String text = call.bodyText();
      if (text.isBlank()) {
        return HttpProblem.badRequest("send the policy file's YAML as the request body, as in "
            + "curl --data-binary @policy.yml");
      }
      try {
        return reply(reload.check(BODY, text));
      } catch (PolicyException invalid) {
        return HttpProblem.badRequest(invalid.getMessage());
      }
    }
    try {
      return reply(reload.reload());
    } catch (PolicyReload.NotReloadable none) {
      return HttpProblem.of(HttpResponseStatus.CONFLICT, none.getMessage());
    } catch (PolicyException invalid) {
      return HttpProblem.of(HttpResponseStatus.UNPROCESSABLE_ENTITY, invalid.getMessage()
          + "; the policy in force is unchanged (version " + reload.current().version() + ")");
    }
  }

  private HttpReply reply(PolicyReport report) {
    try {
      byte[] body = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(json(report));
      return HttpReply.Bytes.of(HttpResponseStatus.OK, "application/json; charset=utf-8", body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always serializes", e);
    }
  }

  ObjectNode json(PolicyReport report) {
    ObjectNode root = mapper.createObjectNode();
    root.put("applied", report.applied());
    root.put("source", report.source());
    root.put("from", report.from());
    root.put("to", report.to());
    ArrayNode verdicts = root.putArray("verdicts");
    for (PolicyReport.VerdictChange c : report.verdicts()) {
      ObjectNode node = verdicts.addObject();
      node.put("ecosystem", c.ecosystem().key());
      node.put("package", c.name());
      node.put("version", c.version());
      node.put("file", c.file());
      node.putObject("old").put("decision", c.oldDecision().key()).put("rule", c.oldRule());
      node.putObject("new").put("decision", c.newDecision().key()).put("rule", c.newRule());
    }
    root.put("verdictsExamined", report.verdictsExamined());
    root.put("verdictsNotExamined", report.verdictsNotExamined());
    root.put("verdictsNotListed", report.verdictsNotListed());
    ArrayNode documents = root.putArray("documents");
    for (PolicyReport.DocumentChange c : report.documents()) {
      ObjectNode node = documents.addObject();
      node.put("ecosystem", c.ecosystem().key());
      node.put("package", c.name());
      strings(node.putArray("shown"), c.shown());
      strings(node.putArray("hidden"), c.hidden());
      if (c.latestMoved()) {
        ObjectNode latest = node.putObject("latest");
        latest.put("old", c.oldLatest().orElse(null));
        latest.put("new", c.newLatest().orElse(null));
      }
    }
    root.put("documentsNotListed", report.documentsNotListed());
    root.put("rederived", report.rederived());
    return root;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
