package dev.gatehouse.analyzer.python;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Undoes, in memory and without running anything, the decoders that payloads hide behind: base64 and
 * its relatives, hex, zlib/gzip/bz2, rot13. The result is bounded by {@code maxBytes} (a decompression
 * bomb in a literal is cut off, not inflated), and any failure gives an empty result: a payload that
 * cannot be decoded here is still reported as an encoded payload, just not looked inside.
 */
final class PayloadDecoder {
  private final int maxBytes;

  PayloadDecoder(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Applies the decoder {@code qualified} (such as {@code base64.b64decode}) to {@code input}; {@code
   * codec} is the codec argument of {@code codecs.decode}, or null.
   */
  Optional<byte[]> apply(String qualified, String codec, byte[] input) {
    try {
      return Optional.ofNullable(switch (qualified) {
        case "base64.b64decode", "base64.decodebytes", "base64.decodestring", "base64.standard_b64decode",
            "binascii.a2b_base64" -> base64(input, false);
        case "base64.urlsafe_b64decode" -> base64(input, true);
        case "base64.b16decode", "binascii.unhexlify", "binascii.a2b_hex", "builtins.bytes.fromhex",
            "builtins.bytearray.fromhex" -> hex(input);
        case "base64.b32decode" -> null;
        case "zlib.decompress" -> bounded(new InflaterInputStream(new ByteArrayInputStream(input)));
        case "gzip.decompress" -> bounded(new GZIPInputStream(new ByteArrayInputStream(input)));
        case "bz2.decompress" -> bounded(new BZip2CompressorInputStream(new ByteArrayInputStream(input)));
        case "codecs.decode" -> codec(codec, input);
        default -> null;
      });
    } catch (IOException | IllegalArgumentException notDecodable) {
      return Optional.empty();
    }
  }

  /** The bytes as text when they look like source code or a command: UTF-8, few control characters. */
  static Optional<String> asText(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int control = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == '\uFFFD') {
        control++;
      }
    }
    return control <= text.length() / 50 ? Optional.of(text) : Optional.empty();
  }

  private byte[] codec(String codec, byte[] input) throws IOException {
    if (codec == null) {
      return null;
    }
    return switch (codec.toLowerCase(Locale.ROOT).replace('-', '_')) {
      case "rot13", "rot_13" -> rot13(input);
      case "hex", "hex_codec" -> hex(input);
      case "base64", "base64_codec" -> base64(input, false);
      case "zlib", "zlib_codec" -> bounded(new InflaterInputStream(new ByteArrayInputStream(input)));
      case "bz2", "bz2_codec" -> bounded(new BZip2CompressorInputStream(new ByteArrayInputStream(input)));
      default -> null;
    };
  }

  private byte[] base64(byte[] input, boolean urlsafe) {
    String text = new String(input, StandardCharsets.ISO_8859_1).replaceAll("\\s", "");
    if (urlsafe) {
      text = text.replace('-', '+').replace('_', '/');
    }
    int pad = (4 - text.length() % 4) % 4;
    byte[] decoded = Base64.getDecoder().decode(text + "=".repeat(pad == 3 ? 0 : pad));
    return decoded.length > maxBytes ? null : decoded;
  }

  private static byte[] hex(byte[] input) {
    String text = new String(input, StandardCharsets.ISO_8859_1).replaceAll("\\s", "");
    return HexFormat.of().parseHex(text);
  }

  private static byte[] rot13(byte[] input) {
    byte[] out = input.clone();
    for (int i = 0; i < out.length; i++) {
      int c = out[i];
      if (c >= 'a' && c <= 'z') {
        out[i] = (byte) ('a' + (c - 'a' + 13) % 26);
      } else if (c >= 'A' && c <= 'Z') {
        out[i] = (byte) ('A' + (c - 'A' + 13) % 26);
      }
    }
    return out;
  }

  private byte[] bounded(InputStream in) throws IOException {
    try (in) {
      byte[] data = in.readNBytes(maxBytes + 1);
      return data.length > maxBytes ? null : data;
    }
  }
}
