package dev.gatehouse.proxy.pypi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A wheel built by a test from source text, laid out as PEP 427 says: the package's files, then {@code
 * {name}-{version}.dist-info/} with {@code METADATA}, {@code WHEEL} and a {@code RECORD} that lists every
 * other file with its SHA-256 and size. Deterministic, and nothing in it is ever installed or run.
 */
final class WheelFixture {
  /** Every entry's time: the same source text gives the same bytes, and so the same digest, every time. */
  private static final long ENTRY_TIME = 1_704_067_200_000L; // 2024-01-01T00:00:00Z

  private final String distribution;
  private final String version;
  private final Map<String, String> files = new LinkedHashMap<>();
  private final Map<String, String> unrecorded = new LinkedHashMap<>();

  private WheelFixture(String distribution, String version) {
    this.distribution = distribution;
    this.version = version;
  }

  /** @param distribution the name as wheel file names spell it, such as {@code demo_pkg} */
  static WheelFixture of(String distribution, String version) {
    return new WheelFixture(distribution, version);
  }

  WheelFixture file(String path, String text) {
    files.put(path, text);
    return this;
  }

  /** A file the wheel holds but its {@code RECORD} does not list: what a tampered wheel looks like. */
  WheelFixture unrecorded(String path, String text) {
    unrecorded.put(path, text);
    return this;
  }

  String fileName() {
    return distribution + "-" + version + "-py3-none-any.whl";
  }

  String metadata() {
    return "Metadata-Version: 2.1\nName: " + distribution.replace('_', '-') + "\nVersion: " + version + "\n";
  }

  byte[] bytes() {
    String distInfo = distribution + "-" + version + ".dist-info/";
    Map<String, byte[]> all = new LinkedHashMap<>();
    files.forEach((path, text) -> all.put(path, text.getBytes(StandardCharsets.UTF_8)));
    all.put(distInfo + "METADATA", metadata().getBytes(StandardCharsets.UTF_8));
    all.put(distInfo + "WHEEL", "Wheel-Version: 1.0\nGenerator: gatehouse-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        .getBytes(StandardCharsets.UTF_8));
    StringBuilder record = new StringBuilder();
    all.forEach((path, content) -> record.append(path).append(",sha256=")
        .append(Base64.getUrlEncoder().withoutPadding().encodeToString(digest(content))).append(',')
        .append(content.length).append('\n'));
    record.append(distInfo).append("RECORD,,\n");
    all.put(distInfo + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
    unrecorded.forEach((path, text) -> all.put(path, text.getBytes(StandardCharsets.UTF_8)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : all.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        entry.setTime(ENTRY_TIME);
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String sha256Hex(byte[] content) {
    return HexFormat.of().formatHex(digest(content));
  }

  private static byte[] digest(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
