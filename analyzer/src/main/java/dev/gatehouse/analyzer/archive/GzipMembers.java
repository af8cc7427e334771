package dev.gatehouse.analyzer.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The gzip members of a file, one after another, read the way Python's {@code tarfile} and npm's
 * extractor read them: whatever follows the last complete member (zero padding, a signature, stray bytes
 * some upload tools append) ends the stream instead of failing it. A member that is itself truncated or
 * corrupt still fails.
 */
final class GzipMembers extends InputStream {
  private final BufferedInputStream in;
  private GzipCompressorInputStream member;

  GzipMembers(InputStream raw) throws IOException {
    // Mark support lets each member hand back the bytes it read past its own end.
    this.in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw);
    this.member = new GzipCompressorInputStream(in, false);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (member != null) {
      int n = member.read(b, off, len);
      if (n != 0 && n != -1) {
        return n;
      }
      if (n == 0) {
        return 0;
      }
      in.mark(2);
      int first = in.read();
      int second = in.read();
      in.reset();
      member = first == 0x1f && second == 0x8b ? new GzipCompressorInputStream(in, false) : null;
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
