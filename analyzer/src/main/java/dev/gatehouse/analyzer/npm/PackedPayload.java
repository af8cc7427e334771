package dev.gatehouse.analyzer.npm;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A payload packed into a string: several KB of base64 or hex, written as one literal or as chunks joined
 * with {@code +} or listed in an array, whose bytes are hidden text or random-looking (encrypted or
 * compressed) data. Droppers carry their second stage this way, often on one very long line of an
 * otherwise ordinary file, and decode it at run time through a helper the data-flow analysis may not follow.
 *
 * <p>What the bytes are decides, not the length: bundles embed WebAssembly (undici's llhttp, next's edge
 * runtime), fonts, images and binary lookup tables (fontkit) as base64, and those begin with a known magic
 * number or are structured binary of lower entropy, so they are data, not a payload. The decode is bounded
 * by {@link #MAX_DECODED} bytes.
 */
final class PackedPayload {
  /** Characters of encoded text before a string counts: a second stage is KBs; keys and hashes are shorter. */
  static final int MIN_CHARS = 2048;
  /** Each chunk of a joined string but the last is at least this long; argument lists of words are shorter. */
  static final int MIN_PIECE = 64;
  /** Bytes decoded to judge what a string holds; enough for its magic number and a stable entropy. */
  static final int MAX_DECODED = 64 << 10;
  /** Bits per byte above which decoded bytes are encrypted or compressed rather than a table or a format. */
  static final double MIN_ENTROPY = 7.2;
  /**
   * Encrypted or compressed bytes count only when they are at least this fraction of their file (1/n): a
   * dropper is mostly its payload, while bundles carry compressed fonts and tables inside megabytes of code.
   */
  static final int BUNDLE_SHARE = 4;
  /** A line at least this long is named in the evidence: the payload is pushed off the reader's screen. */
  static final int LONG_LINE = 16 << 10;

  /** Where the payload starts, and the phrase that says what it is. */
  record Blob(int token, String description) {}

  private static final byte[][] DATA_FORMATS = {
      {0, 'a', 's', 'm'}, {(byte) 0x89, 'P', 'N', 'G'}, {'G', 'I', 'F', '8'}, {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
      {'w', 'O', 'F', 'F'}, {'w', 'O', 'F', '2'}, {0, 1, 0, 0}, {'O', 'T', 'T', 'O'}, {'t', 't', 'c', 'f'},
      {'%', 'P', 'D', 'F'}, {'R', 'I', 'F', 'F'}, {'O', 'g', 'g', 'S'}, {'f', 'L', 'a', 'C'}, {'I', 'D', '3'},
      {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}, {'<', 's', 'v', 'g'}, {'<', '?', 'x', 'm', 'l'}};

  private PackedPayload() {}

  /** The first packed payload in the file, or empty. */
  static Optional<Blob> find(JsTokens t) {
    for (int i = 0; i < t.size(); i++) {
      if (!t.isText(i)) {
        continue;
      }
      StringBuilder joined = new StringBuilder(t.value(i));
      int j = i;
      boolean chunksLongEnough = true;
      while ((t.is(j + 1, "+") || t.is(j + 1, ",")) && t.isText(j + 2)) {
        chunksLongEnough &= t.end(j) - t.start(j) >= MIN_PIECE;
        j += 2;
        joined.append(t.value(j));
      }
      int first = i;
      i = j;
      if (joined.length() < MIN_CHARS || !chunksLongEnough) {
        continue;
      }
      Optional<String> what = judge(joined, t.source().length());
      if (what.isPresent()) {
        return Optional.of(new Blob(first, describe(t, first, joined.length(), what.get())));
      }
    }
    return Optional.empty();
  }

  /** What the encoded text decodes to, when that is a payload rather than data. */
  static Optional<String> judge(CharSequence text, int fileLength) {
    String compact = strip(text);
    byte[] bytes;
    String encoding;
    if (compact.length() >= MIN_CHARS && isHex(compact)) {
      String head = compact.substring(0, Math.min(compact.length(), 2 * MAX_DECODED) & ~1);
      bytes = HexFormat.of().parseHex(head);
      encoding = "hex";
    } else if (compact.length() >= MIN_CHARS && isBase64(compact)) {
      String head = compact.substring(0, Math.min(compact.length(), MAX_DECODED / 3 * 4) & ~3)
          .replace('-', '+').replace('_', '/');
      try {
        bytes = Base64.getDecoder().decode(head);
      } catch (IllegalArgumentException notBase64) {
        return Optional.empty(); // padding in the middle: not one encoded value
      }
      encoding = "base64";
    } else {
      return Optional.empty();
    }
    if (isDataFormat(bytes)) {
      return Optional.empty();
    }
    if (printable(bytes) >= 0.95) {
      return Optional.of("%d characters of %s that decode to hidden text".formatted(compact.length(), encoding));
    }
    double entropy = entropy(bytes);
    if (entropy >= MIN_ENTROPY && compact.length() >= fileLength / BUNDLE_SHARE) {
      return Optional.of(("%d characters of %s that decode to random-looking bytes (%.1f bits a byte: encrypted or"
          + " compressed)").formatted(compact.length(), encoding, entropy));
    }
    // A binary table, a format not listed, or compressed data inside a bundle many times its size (fontkit's
    // tries, @vercel/og's fonts): data that the bundle's own code reads, not the payload of the file.
    return Optional.empty();
  }

  private static String describe(JsTokens t, int token, int chars, String what) {
    String src = t.source();
    int lineStart = src.lastIndexOf('\n', t.start(token)) + 1;
    int lineEnd = src.indexOf('\n', t.start(token));
    int lineLength = (lineEnd < 0 ? src.length() : lineEnd) - lineStart;
    return lineLength >= LONG_LINE ? what + ", on a line of %d KB".formatted(lineLength >> 10) : what;
  }

  /** Without the line breaks and spaces that wrapped encodings (PEM, MIME) put in. */
  private static String strip(CharSequence text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isHex(String s) {
    if (s.length() % 2 != 0) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (Character.digit(s.charAt(k), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The base64 alphabet (standard or URL-safe), with upper case, lower case and digits all present. */
  private static boolean isBase64(String s) {
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    for (int k = 0; k < end; k++) {
      char c = s.charAt(k);
      if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c != '+' && c != '/' && c != '-' && c != '_') {
        return false;
      }
    }
    return upper && lower && digit;
  }

  private static boolean isDataFormat(byte[] bytes) {
    for (byte[] magic : DATA_FORMATS) {
      if (bytes.length >= magic.length && java.util.Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)) {
        return true;
      }
    }
    return false;
  }

  private static double printable(byte[] bytes) {
    int n = 0;
    for (byte b : bytes) {
      if ((b >= 0x20 && b < 0x7F) || b == '\n' || b == '\r' || b == '\t') {
        n++;
      }
    }
    return bytes.length == 0 ? 0 : (double) n / bytes.length;
  }

  private static double entropy(byte[] bytes) {
    int[] counts = new int[256];
    for (byte b : bytes) {
      counts[b & 0xFF]++;
    }
    double h = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / bytes.length;
        h -= p * Math.log(p) / Math.log(2);
      }
    }
    return h;
  }
}
