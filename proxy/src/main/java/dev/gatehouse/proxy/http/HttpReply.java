package dev.gatehouse.proxy.http;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a route answers: bytes held in memory (small documents), a file sent zero-copy, or an {@link
 * HttpProblem}. The writer in {@link RequestHandler} turns each into a Netty response on the event loop.
 */
public sealed interface HttpReply permits HttpReply.Bytes, HttpReply.FileBody, HttpReply.StreamBody, HttpProblem {
  HttpResponseStatus status();

  /** Extra response headers, such as {@code ETag}; sorted so that responses are reproducible. */
  Map<String, String> headers();

  /** Bytes sent in the body; 0 for {@code HEAD} and 304. */
  long bodyLength();

  /**
   * A small body held in memory.
   *
   * @param headOnly the reply to a {@code HEAD}: the headers describe {@code body}, which is not sent
   */
  record Bytes(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers,
      boolean headOnly) implements HttpReply {
    public Bytes {
      requireNonNull(status, "status");
      requireNonNull(contentType, "contentType");
      requireNonNull(body, "body");
      headers = new TreeMap<>(headers);
    }

    public static Bytes of(HttpResponseStatus status, String contentType, byte[] body) {
      return new Bytes(status, contentType, body, Map.of(), false);
    }

    public Bytes withHeader(String name, String value) {
      Map<String, String> more = new TreeMap<>(headers);
      more.put(name, value);
      return new Bytes(status, contentType, body, more, headOnly);
    }

    public Bytes headOnly(boolean head) {
      return new Bytes(status, contentType, body, headers, head);
    }

    @Override
    public long bodyLength() {
      return headOnly ? 0 : body.length;
    }
  }

  /**
   * A file sent with {@code FileRegion} (zero-copy). The channel was opened on a blocking thread; the writer
   * owns it from then on and closes it when the transfer ends, either way.
   */
  record FileBody(HttpResponseStatus status, String contentType, FileChannel channel, long length,
      Map<String, String> headers) implements HttpReply {
    public FileBody {
      requireNonNull(status, "status");
      requireNonNull(contentType, "contentType");
      requireNonNull(channel, "channel");
      if (length < 0) {
        throw new IllegalArgumentException("negative file length " + length);
      }
      headers = new TreeMap<>(headers);
    }

    @Override
    public long bodyLength() {
      return length;
    }
  }

  /**
   * A body of known length copied from a stream (a blob in object storage) on a thread of its own, a chunk at a
   * time, waiting whenever the client reads slower than the stream gives. A stream that ends early or fails cuts the
   * connection, so the client sees a short body and never takes it for the whole. The writer closes the stream.
   */
  record StreamBody(HttpResponseStatus status, String contentType, InputStream body, long length,
      Map<String, String> headers) implements HttpReply {
    public StreamBody {
      requireNonNull(status, "status");
      requireNonNull(contentType, "contentType");
      requireNonNull(body, "body");
      if (length < 0) {
        throw new IllegalArgumentException("negative body length " + length);
      }
      headers = new TreeMap<>(headers);
    }

    @Override
    public long bodyLength() {
      return length;
    }
  }
}
