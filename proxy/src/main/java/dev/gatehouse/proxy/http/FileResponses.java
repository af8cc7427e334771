package dev.gatehouse.proxy.http;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.Blob;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Serves stored files: {@code Content-Length}, a strong {@code ETag} (the content's SHA-256, which never
 * changes for a content-addressed blob), {@code Last-Modified}, conditional GET (RFC 9110 §13.1.2:
 * {@code If-None-Match} wins over {@code If-Modified-Since}) and {@code HEAD}. Runs on the blocking executor:
 * it opens files.
 */
public final class FileResponses {
  private FileResponses() {}

  /**
   * The reply for {@code call} from a stored blob: a blob in a local file is sent zero-copy, any other is streamed.
   *
   * @param lastModified when Gatehouse first stored the content
   */
  public static HttpReply serve(HttpCall call, Blob blob, String contentType, Instant lastModified)
      throws IOException {
    requireNonNull(lastModified, "lastModified");
    String sha256 = blob.sha256();
    Map<String, String> headers = validators(sha256, lastModified);
    if (notModified(call, sha256, lastModified)) {
      return new HttpReply.Bytes(HttpResponseStatus.NOT_MODIFIED, contentType, new byte[0], headers, true);
    }
    long size = blob.size();
    if (call.isHead()) {
      // The length of what a GET would send, without opening the file for transfer.
      headers.put("Content-Length", Long.toString(size));
      return new HttpReply.Bytes(HttpResponseStatus.OK, contentType, new byte[0], headers, true);
    }
    if (blob instanceof Blob.LocalFile local) {
      FileChannel channel = FileChannel.open(local.file(), StandardOpenOption.READ);
      return new HttpReply.FileBody(HttpResponseStatus.OK, contentType, channel, size, headers);
    }
    return new HttpReply.StreamBody(HttpResponseStatus.OK, contentType, blob.open(), size, headers);
  }

  /** The reply for a small document held in memory, with the same validators as a file. */
  public static HttpReply serve(HttpCall call, byte[] body, String sha256, String contentType, Instant lastModified) {
    Map<String, String> headers = validators(sha256, lastModified);
    if (notModified(call, sha256, lastModified)) {
      return new HttpReply.Bytes(HttpResponseStatus.NOT_MODIFIED, contentType, new byte[0], headers, true);
    }
    return new HttpReply.Bytes(HttpResponseStatus.OK, contentType, body, headers, call.isHead());
  }

  private static Map<String, String> validators(String sha256, Instant modified) {
    Map<String, String> headers = new TreeMap<>();
    headers.put("ETag", "\"" + sha256 + "\"");
    headers.put("Last-Modified", httpDate(modified));
    headers.put("Accept-Ranges", "none");
    return headers;
  }

  static boolean notModified(HttpCall call, String sha256, Instant modified) {
    var ifNoneMatch = call.header("If-None-Match");
    if (ifNoneMatch.isPresent()) {
      for (String tag : ifNoneMatch.get().split(",")) {
        String t = tag.strip();
        if (t.startsWith("W/")) {
          t = t.substring(2);
        }
        if (t.equals("*") || t.equals("\"" + sha256 + "\"")) {
          return true;
        }
      }
      return false;
    }
    var since = call.header("If-Modified-Since");
    if (since.isPresent()) {
      try {
        Instant when = ZonedDateTime.parse(since.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return !modified.truncatedTo(ChronoUnit.SECONDS).isAfter(when);
      } catch (DateTimeParseException ignored) {
        return false; // RFC 9110 §13.1.3: an invalid date is ignored
      }
    }
    return false;
  }

  /** IMF-fixdate (RFC 9110 §5.6.7); the JDK's RFC 1123 formatter drops the day's leading zero. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  public static String httpDate(Instant when) {
    return HTTP_DATE.format(when);
  }
}
