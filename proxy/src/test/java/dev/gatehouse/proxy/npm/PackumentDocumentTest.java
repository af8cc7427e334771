package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.core.store.RefusedFiles;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Policy;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and writing packuments as streams: large ones, and hostile ones that must be refused. */
class PackumentDocumentTest {
  /** Stored refusals are passed to {@code select} directly; the filter never reads them itself here. */
  private static final ReleaseFilter.Refusals NO_REFUSALS =
      (ecosystem, name) -> new RefusedFiles(ecosystem, name, List.of());
  private static final String REGISTRY = "http://gatehouse.test/npm/";

  @TempDir Path tmp;
  private final ObjectMapper mapper = new ObjectMapper();
  private final PackumentJson json = new PackumentJson(64L << 20);

  @Test
  void aPackumentOfThousandsOfVersionsIsRewrittenInOnePassWithTheWithheldOnesLeftOut() throws Exception {
    int count = 3000;
    Path file = tmp.resolve("big.json");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("{\"name\":\"big\",\"dist-tags\":{\"latest\":\"1.0." + (count - 1) + "\"},\"versions\":{");
      for (int i = 0; i < count; i++) {
        out.write((i > 0 ? "," : "") + "\"1.0." + i + "\":{\"name\":\"big\",\"version\":\"1.0." + i + "\","
            + "\"readme\":\"" + "x".repeat(2000) + "\",\"dist\":{\"tarball\":\"https://registry.test/big/-/big-1.0." + i
            + ".tgz\",\"integrity\":\"sha512-abc\",\"shasum\":\"" + "0".repeat(40) + "\"}}");
      }
      out.write("},\"time\":{\"created\":\"2020-01-01T00:00:00Z\"");
      for (int i = 0; i < count; i++) {
        out.write(",\"1.0." + i + "\":\"2020-01-02T00:00:00Z\"");
      }
      out.write("},\"readme\":\"" + "y".repeat(1 << 20) + "\"}");
    }
    PackumentIndex index = PackumentIndex.read(file, NpmName.parse("big"), json);
    RefusedFiles refused = new RefusedFiles(Ecosystem.NPM, "big",
        List.of(new PackageRef(Ecosystem.NPM, "big", "1.0." + (count - 1), "big-1.0." + (count - 1) + ".tgz")));
    VersionFilter.Selection selection = new VersionFilter(
        new ReleaseFilter(Policy.defaults(), NO_REFUSALS, Clock.systemUTC()))
        .select(index, refused, Instant.parse("2024-01-01T00:00:00Z"));

    JsonNode full = mapper.readTree(write(file, index, selection, PackumentWriter.Form.FULL));
    JsonNode abbreviated = mapper.readTree(write(file, index, selection, PackumentWriter.Form.ABBREVIATED));

    assertThat(Files.size(file)).isGreaterThan(7L << 20);
    assertThat(full.path("versions").size()).isEqualTo(count - 1);
    assertThat(full.path("time").size()).isEqualTo(count);
    assertThat(full.path("dist-tags").path("latest").asText()).isEqualTo("1.0." + (count - 2));
    assertThat(full.path("versions").path("1.0.7").path("dist").path("tarball").asText())
        .isEqualTo(REGISTRY + "big/-/big-1.0.7.tgz");
    assertThat(full.path("readme").asText()).hasSize(1 << 20);
    assertThat(abbreviated.path("versions").size()).isEqualTo(count - 1);
    assertThat(abbreviated.path("versions").path("1.0.7").has("readme")).isFalse();
    assertThat(abbreviated.has("readme")).isFalse();
  }

  @Test
  void aVersionGivenTwiceIsRefusedSoThatNoTwoReadersSeeDifferentVersions() throws Exception {
    Path file = write("{\"name\":\"twice\",\"versions\":{\"1.0.0\":{\"dist\":{}},\"1.0.0\":{\"dist\":{}}}}");

    assertThatThrownBy(() -> PackumentIndex.read(file, NpmName.parse("twice"), json))
        .isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(json.describe((IOException) e)).startsWith("it is not valid JSON: Duplicate field '1.0.0'"));
  }

  @Test
  void aPackumentNestedDeeperThanTheBoundIsRefusedNamingTheBound() throws Exception {
    String deep = "[".repeat(PackumentJson.MAX_NESTING_DEPTH + 1) + "]".repeat(PackumentJson.MAX_NESTING_DEPTH + 1);
    Path file = write("{\"name\":\"deep\",\"versions\":{\"1.0.0\":{\"config\":" + deep + "}}}");

    assertThatThrownBy(() -> PackumentIndex.read(file, NpmName.parse("deep"), json))
        .satisfies(e -> assertThat(json.describe((IOException) e)).isEqualTo("it nests deeper than 200 levels"));
  }

  @Test
  void aPackumentLargerThanTheMetadataLimitIsRefusedNamingTheLimit() throws Exception {
    PackumentJson small = new PackumentJson(1024);
    Path file = write("{\"name\":\"large\",\"readme\":\"" + "z".repeat(2048) + "\"}");

    assertThatThrownBy(() -> PackumentIndex.read(file, NpmName.parse("large"), small))
        .satisfies(e -> assertThat(small.describe((IOException) e))
            .isEqualTo("it is larger than 1024 bytes (limits.maxMetadataBytes)"));
  }

  @Test
  void aPackumentOfAnotherPackageOrNotAnObjectIsRefused() throws Exception {
    assertThatThrownBy(() -> PackumentIndex.read(write("{\"name\":\"other\"}"), NpmName.parse("mine"), json))
        .hasMessage("the upstream sent a packument named \"other\" for mine");
    assertThatThrownBy(() -> PackumentIndex.read(write("[1,2]"), NpmName.parse("mine"), json))
        .hasMessage("a packument is a JSON object, found [");
    assertThatThrownBy(() -> PackumentIndex.read(write("{\"name\":\"mine\"} {}"), NpmName.parse("mine"), json))
        .hasMessage("the packument has data after its closing brace");
  }

  @Test
  void aTarballUrlThatIsNoPlainTgzNameIsServedUnderTheStandardName() throws Exception {
    Path file = write("{\"name\":\"@gh/pkg\",\"versions\":{\"1.0.0\":{\"dist\":"
        + "{\"tarball\":\"https://npm.pkg.github.test/download/@gh/pkg/1.0.0/abc123\"}}}}");

    PackumentIndex index = PackumentIndex.read(file, NpmName.parse("@gh/pkg"), json);

    assertThat(index.versions().get("1.0.0").file()).isEqualTo("pkg-1.0.0.tgz");
    assertThat(index.byFile("pkg-1.0.0.tgz")).isPresent();
  }

  private String write(Path file, PackumentIndex index, VersionFilter.Selection selection, PackumentWriter.Form form)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream o = out) {
      new PackumentWriter(json).write(file, index, selection, Map.of(), form, REGISTRY, o);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private Path write(String text) throws IOException {
    return Files.writeString(Files.createTempFile(tmp, "packument-", ".json"), text, StandardCharsets.UTF_8);
  }
}
