package dev.gatehouse.analyzer.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * One regular file inside an archive, as handed to an {@link EntryVisitor}. Its content can be read
 * once, either as a stream or whole; every byte read counts against the walk's budget. Valid only during
 * the {@link EntryVisitor#visit} call that received it.
 */
public final class ArchiveEntry {
  private final ArchiveWalker walker;
  private final String prefix;
  private final String name;
  private final long size;
  private final int depth;
  private final InputStream content;
  private boolean consumed;

  ArchiveEntry(ArchiveWalker walker, String prefix, String name, long size, int depth, InputStream content) {
    this.walker = walker;
    this.prefix = prefix;
    this.name = name;
    this.size = size;
    this.depth = depth;
    this.content = content;
  }

  /** The entry's name inside its own archive, with {@code /} separators, such as {@code com/x/A.class}. */
  public String name() {
    return name;
  }

  /** The entry's path from the artifact's root: nested archives joined with {@code !/}. */
  public String path() {
    return prefix + name;
  }

  /** The file name after the last {@code /}. */
  public String fileName() {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /** The size the archive declares for this entry, or -1 when it declares none; never trust it for limits. */
  public long declaredSize() {
    return size;
  }

  /** 0 for entries of the artifact itself, 1 for entries of an archive inside it, and so on. */
  public int depth() {
    return depth;
  }

  /** The content as a stream, counted against the walk's budget as it is read. */
  public InputStream stream() {
    claim();
    return content;
  }

  /**
   * The whole content, at most {@code limits.maxEntryBytes}.
   *
   * @throws EntryTooLargeException when the entry is larger; the finding is already recorded
   */
  public byte[] bytes() throws IOException {
    claim();
    long max = walker.limits().maxEntryBytes();
    byte[] data = content.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
    if (data.length > max) {
      throw walker.tooLarge(this, data);
    }
    return data;
  }

  /** The whole content decoded as UTF-8 (malformed bytes replaced), at most {@code limits.maxEntryBytes}. */
  public String text() throws IOException {
    return new String(bytes(), StandardCharsets.UTF_8);
  }

  private void claim() {
    if (consumed) {
      throw new IllegalStateException("the content of " + path() + " was already read");
    }
    consumed = true;
  }
}
