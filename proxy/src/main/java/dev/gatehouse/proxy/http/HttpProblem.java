package dev.gatehouse.proxy.http;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.TreeMap;

/**
 * An answer that is not the thing asked for: a status and one sentence for the person behind the client.
 * The writer adds the request id, so that an operator can find the matching log line; no stack trace or
 * exception class name ever goes into {@link #sentence()}.
 *
 * @param reasonPhrase the HTTP reason phrase; clients such as {@code mvn} print it, so a 403 names the
 *     artifact and the rule there as well as in the body. Empty means the status's standard phrase.
 */
public record HttpProblem(HttpResponseStatus status, String sentence, String reasonPhrase, Map<String, String> headers)
    implements HttpReply {
  /** Longest reason phrase sent: some clients and proxies cut or refuse longer status lines. */
  public static final int MAX_REASON_PHRASE = 480;

  public HttpProblem {
    requireNonNull(status, "status");
    requireNonNull(sentence, "sentence");
    reasonPhrase = phrase(requireNonNull(reasonPhrase, "reasonPhrase"));
    headers = new TreeMap<>(headers);
  }

  public static HttpProblem of(HttpResponseStatus status, String sentence) {
    return new HttpProblem(status, sentence, "", Map.of());
  }

  public static HttpProblem badRequest(String sentence) {
    return of(HttpResponseStatus.BAD_REQUEST, sentence);
  }

  public static HttpProblem notFound(String sentence) {
    return of(HttpResponseStatus.NOT_FOUND, sentence);
  }

  /**
   * An upstream that did not answer in time is a 504 (RFC 9110 §15.6.5), any other upstream failure a 502 (§15.6.3):
   * the one place that tells them apart.
   */
  public static HttpProblem upstreamFailed(boolean timedOut, String sentence) {
    return of(timedOut ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY, sentence);
  }

  /** A value from a request, safe to repeat in a sentence: at most 80 characters of printable ASCII. */
  public static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < 80; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return text.length() > 80 ? out + "..." : out.toString();
  }

  public static HttpProblem methodNotAllowed(String method, String allowed) {
    return new HttpProblem(HttpResponseStatus.METHOD_NOT_ALLOWED,
        "method " + method + " is not supported here; use " + allowed, "", Map.of("Allow", allowed));
  }

  public HttpProblem withReasonPhrase(String phrase) {
    return new HttpProblem(status, sentence, phrase, headers);
  }

  public HttpProblem withHeader(String name, String value) {
    Map<String, String> more = new TreeMap<>(headers);
    more.put(name, value);
    return new HttpProblem(status, sentence, reasonPhrase, more);
  }

  /** The status line as sent: the custom reason phrase when there is one. */
  public HttpResponseStatus statusLine() {
    return reasonPhrase.isEmpty() ? status : new HttpResponseStatus(status.code(), reasonPhrase);
  }

  @Override
  public long bodyLength() {
    return -1; // decided by the writer, which adds the request id
  }

  /** A reason phrase must be printable ASCII on one line (RFC 9112 §4), at most {@link #MAX_REASON_PHRASE}. */
  private static String phrase(String text) {
    return oneLine(text, MAX_REASON_PHRASE);
  }

  /**
   * {@code text} as one line of printable ASCII of at most {@code max} characters, for a reason phrase or a
   * header: line breaks and tabs become spaces, anything else outside ASCII {@code '?'}. A longer text is cut at
   * the last word boundary that fits and ends in {@code ...}, so that no word is shown cut (clients and proxies cut
   * or refuse long status lines; put what must be read first).
   */
  public static String oneLine(String text, int max) {
    if (max < 8) {
      throw new IllegalArgumentException("a line of at most " + max + " characters says nothing");
    }
    text = text.strip();
    StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
    for (int i = 0; i < text.length() && out.length() <= max; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : (c == '\n' || c == '\r' || c == '\t' ? ' ' : '?'));
    }
    String line = out.toString().strip();
    if (line.length() <= max) {
      return line;
    }
    String cut = line.substring(0, max - 3);
    int space = cut.lastIndexOf(' ');
    // One word longer than half the line (a URL, a digest) is cut where it must be rather than dropped whole.
    if (space >= max / 2 && line.charAt(max - 3) != ' ') {
      cut = cut.substring(0, space);
    }
    return cut.replaceAll("[\\s,;:.]+$", "") + "...";
  }
}
