package dev.gatehouse.analyzer.archive;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * What a zip's central directory declares, read header by header without building an object per entry,
 * so that the budget can be checked before any entry is inflated and before a zip library builds its
 * own list of a million entries (APPNOTE 6.3.10, sections 4.3.12 to 4.3.16).
 *
 * <p>The sizes are what the archive's author wrote. They are checked here because a skipped entry is
 * extracted by pip or the JVM at its declared size; what is read is counted again as it inflates.
 */
final class CentralDirectory {
  private static final int EOCD_SIGNATURE = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
  private static final int HEADER_SIGNATURE = 0x02014b50;
  private static final int EOCD_MIN = 22;
  private static final int MAX_COMMENT = 0xffff;

  /** One entry as the directory declares it. */
  record Declared(String name, long size, long compressedSize) {}

  /** Receives each declared entry; returns false to stop reading. */
  interface Reader {
    boolean accept(Declared entry);
  }

  private CentralDirectory() {}

  /**
   * Reads the directory of the zip at {@code file}, handing each entry to {@code reader} in directory
   * order, or returns empty when no end-of-directory record is found (not a zip, or one too broken for
   * any reader; the zip library then says why).
   */
  static Optional<Long> read(Path file, Reader reader) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      int tailLength = (int) Math.min(size, EOCD_MIN + MAX_COMMENT);
      ByteBuffer tail = ByteBuffer.allocate(tailLength).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(tail, size - tailLength);
      int eocd = -1;
      for (int i = tailLength - EOCD_MIN; i >= 0; i--) {
        if (tail.getInt(i) == EOCD_SIGNATURE) {
          eocd = i;
          break;
        }
      }
      if (eocd < 0) {
        return Optional.empty();
      }
      long eocdPosition = size - tailLength + eocd;
      long entries = tail.getShort(eocd + 10) & 0xffffL;
      long directorySize = tail.getInt(eocd + 12) & 0xffffffffL;
      long directoryEnd = eocdPosition;
      if (eocdPosition >= 20) {
        ByteBuffer locator = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(locator, eocdPosition - 20);
        if (locator.getInt(0) == ZIP64_LOCATOR_SIGNATURE) {
          long zip64Position = locator.getLong(8);
          ByteBuffer record = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
          if (zip64Position >= 0 && zip64Position + 56 <= size) {
            channel.read(record, zip64Position);
            if (record.getInt(0) == ZIP64_EOCD_SIGNATURE) {
              entries = record.getLong(32);
              directorySize = record.getLong(40);
              directoryEnd = zip64Position;
            }
          }
        }
      }
      // Measured back from the end record rather than from the declared offset, so that a zip with bytes
      // before it (a self-extracting stub) is read as zip readers read it.
      long start = directoryEnd - directorySize;
      if (start < 0 || directorySize < 0) {
        return Optional.empty();
      }
      channel.position(start);
      DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
      long read = 0;
      byte[] fixed = new byte[46];
      ByteBuffer header = ByteBuffer.wrap(fixed).order(ByteOrder.LITTLE_ENDIAN);
      while (read + 46 <= directorySize) {
        try {
          in.readFully(fixed);
        } catch (EOFException truncated) {
          break;
        }
        if (header.getInt(0) != HEADER_SIGNATURE) {
          break;
        }
        long compressed = header.getInt(20) & 0xffffffffL;
        long uncompressed = header.getInt(24) & 0xffffffffL;
        int nameLength = header.getShort(28) & 0xffff;
        int extraLength = header.getShort(30) & 0xffff;
        int commentLength = header.getShort(32) & 0xffff;
        byte[] name = new byte[nameLength];
        byte[] extra = new byte[extraLength];
        try {
          in.readFully(name);
          in.readFully(extra);
          in.skipNBytes(commentLength);
        } catch (EOFException truncated) {
          break;
        }
        read += 46L + nameLength + extraLength + commentLength;
        long[] sizes = zip64Sizes(extra, uncompressed, compressed);
        String entryName = new String(name, java.nio.charset.StandardCharsets.UTF_8);
        if (!reader.accept(new Declared(entryName, sizes[0], sizes[1]))) {
          break;
        }
      }
      return Optional.of(entries);
    }
  }

  /** The sizes, taken from the zip64 extra field (id 1) where the header says 0xFFFFFFFF. */
  private static long[] zip64Sizes(byte[] extra, long uncompressed, long compressed) {
    long[] sizes = {uncompressed, compressed};
    if (uncompressed != 0xffffffffL && compressed != 0xffffffffL) {
      return sizes;
    }
    ByteBuffer b = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
    int i = 0;
    while (i + 4 <= extra.length) {
      int id = b.getShort(i) & 0xffff;
      int length = b.getShort(i + 2) & 0xffff;
      if (id == 1) {
        int at = i + 4;
        if (uncompressed == 0xffffffffL && at + 8 <= extra.length) {
          sizes[0] = b.getLong(at);
          at += 8;
        }
        if (compressed == 0xffffffffL && at + 8 <= extra.length) {
          sizes[1] = b.getLong(at);
        }
        return sizes;
      }
      i += 4 + length;
    }
    return sizes;
  }
}
