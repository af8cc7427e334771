package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.metadata.MetadataDocuments;
import dev.gatehouse.core.upstream.Digests;
import dev.gatehouse.proxy.http.FileResponses;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import dev.gatehouse.proxy.registry.RequestAudit;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simple index Gatehouse serves: the project list and each project's page, in the form the client's
 * {@code Accept} asks for (PEP 691), whatever form the upstream sent. Responses vary by {@code Accept}, and
 * their {@code ETag} is the digest of the bytes sent, so that a filter change (a new verdict, an approval)
 * is a new version of the page although the upstream page did not change; for the same reason {@code
 * If-Modified-Since} is not honoured here, only {@code If-None-Match}. Thread-safe; blocking.
 */
final class SimpleIndex {
  private static final String ACCEPTED = "application/vnd.pypi.simple.v1+json, "
      + "application/vnd.pypi.simple.v1+html or text/html";

  private final IndexPages pages;
  private final PageFilter filter;
  private final PageWriter writer;
  private final RequestAudit audit;

  SimpleIndex(IndexPages pages, PageFilter filter, PageWriter writer, RequestAudit audit) {
    this.pages = requireNonNull(pages, "pages");
    this.filter = requireNonNull(filter, "filter");
    this.writer = requireNonNull(writer, "writer");
    this.audit = requireNonNull(audit, "audit");
  }

  HttpReply projectList(HttpCall call) throws IOException {
    Optional<SimpleFormat> format = SimpleFormat.negotiate(call.header("Accept"));
    if (format.isEmpty()) {
      return audit.served(call, null, null, null, null, notAcceptable());
    }
    MetadataDocuments.Lookup<List<String>> lookup = pages.projects();
    if (!(lookup instanceof MetadataDocuments.Lookup.Found<List<String>> found)) {
      return audit.served(call, null, null, null, null, failed(lookup, "the project list"));
    }
    byte[] body = format.get().isJson() ? writer.projectListJson(found.document())
        : writer.projectListHtml(found.document());
    return audit.served(call, null, null, null, null, page(call, body, format.get(), found, 0));
  }

  HttpReply projectPage(HttpCall call, ProjectName project) throws IOException {
    Optional<SimpleFormat> format = SimpleFormat.negotiate(call.header("Accept"));
    if (format.isEmpty()) {
      return audit.served(call, project.normalized(), null, null, null, notAcceptable());
    }
    MetadataDocuments.Lookup<ProjectPage> lookup = pages.project(project);
    if (!(lookup instanceof MetadataDocuments.Lookup.Found<ProjectPage> found)) {
      return audit.served(call, project.normalized(), null, null, null, failed(lookup, "project " + project));
    }
    Listing listing = filter.listing(project, found.document());
    byte[] body = format.get().isJson() ? writer.json(listing) : writer.html(listing);
    return audit.served(call, project.normalized(), null, null, null,
        page(call, body, format.get(), found, listing.removed()));
  }

  private static HttpReply page(HttpCall call, byte[] body, SimpleFormat format,
      MetadataDocuments.Lookup.Found<?> found,
      int removed) {
    HttpReply.Bytes reply = (HttpReply.Bytes) FileResponses.serve(withoutDateValidator(call), body,
        Digests.of(body).sha256(), format.contentType(), found.fetchedAt());
    reply = reply.withHeader("Vary", "Accept").withHeader("X-Gatehouse-Filtered", Integer.toString(removed));
    if (found.warning().isPresent()) {
      reply = reply.withHeader("X-Gatehouse-Stale", "fetched " + found.fetchedAt())
          .withHeader("Warning", found.warning().get());
    }
    return reply;
  }

  /** The same request without {@code If-Modified-Since}: a page's date says nothing about its filtering. */
  private static HttpCall withoutDateValidator(HttpCall call) {
    if (call.header("If-Modified-Since").isEmpty()) {
      return call;
    }
    Map<String, String> headers = new HashMap<>(call.headers());
    headers.remove("if-modified-since");
    return call.withHeaders(headers);
  }

  private static HttpProblem notAcceptable() {
    return HttpProblem.of(HttpResponseStatus.NOT_ACCEPTABLE, "Gatehouse serves the simple index as " + ACCEPTED
        + "; the request's Accept header allows none of them").withHeader("Vary", "Accept");
  }

  static HttpProblem failed(MetadataDocuments.Lookup<?> lookup, String what) {
    if (lookup instanceof MetadataDocuments.Lookup.Unavailable<?> unavailable) {
      return HttpProblem.upstreamFailed(unavailable.timedOut(),
          "Gatehouse could not fetch " + what + " from the upstream index: " + unavailable.sentence());
    }
    return HttpProblem.notFound("the upstream index has no " + what);
  }
}
