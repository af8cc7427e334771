package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The text forms of sizes, durations and upstream URLs. */
class ValueSyntaxTest {
  @TempDir Path folder;

  @ParameterizedTest(name = "{0} is {1} bytes")
  @CsvSource({
      "0, 0",
      "1048576, 1048576",
      "512B, 512",
      "512KB, 512000",
      "512KiB, 524288",
      "16MB, 16000000",
      "16MiB, 16777216",
      "1GB, 1000000000",
      "1GiB, 1073741824",
      "2TB, 2000000000000",
      "2TiB, 2199023255552",
      "16mib, 16777216",
      "'16 MiB', 16777216",
      "99999999999999999999TiB, 109951162777599999998900488372224"})
  void sizesCountKbAsAThousandAndKibAs1024(String text, String bytes) throws InvalidValue {
    assertThat(SizeSyntax.parse(text)).isEqualTo(new BigInteger(bytes));
  }

  @ParameterizedTest(name = "\"{0}\" is not a size")
  @ValueSource(strings = {"", "MiB", "-1", "1.5GiB", "16 M", "16  MiB", "16Mibibytes", "0x10", " 16MiB", "1,000"})
  void textThatIsNotASizeIsRefused(String text) {
    assertThatThrownBy(() -> SizeSyntax.parse(text))
        .isInstanceOf(InvalidValue.class)
        .hasMessage("expected a size such as 1048576, 512KB, 16MiB or 1GiB");
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "250ms, PT0.25S",
      "30s, PT30S",
      "5m, PT5M",
      "1h, PT1H",
      "2d, PT48H",
      "'90 s', PT1M30S",
      "0s, PT0S",
      "PT30S, PT30S",
      "pt1m30s, PT1M30S",
      "P2D, PT48H",
      "P1DT2H, PT26H",
      "PT0.5S, PT0.5S"})
  void durationsTakeShortUnitsAndIso8601(String text, String iso) throws InvalidValue {
    assertThat(DurationSyntax.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest(name = "\"{0}\" is not a duration")
  @ValueSource(strings = {"", "30", "s", "5M", "1.5h", "-5s", "5 minutes", "1w", "30sec", "P", "PT", "P1Y"})
  void textThatIsNotADurationIsRefused(String text) {
    assertThatThrownBy(() -> DurationSyntax.parse(text))
        .isInstanceOf(InvalidValue.class)
        .hasMessage("expected a duration such as 250ms, 30s, 5m, 1h, 2d or PT30S");
  }

  @Test
  void aDurationBeyondWhatAClockHoldsIsTooLongRatherThanMalformed() {
    assertThatThrownBy(() -> DurationSyntax.parse("999999999999999999d")).hasMessage("too long to be a duration");
    assertThatThrownBy(() -> DurationSyntax.parse("PT9999999999999999999H")).hasMessage("too long to be a duration");
  }

  @Test
  void boundsAreShownInTheLargestUnitThatDividesThem() {
    assertThat(DurationSyntax.format(Duration.ofDays(365))).isEqualTo("365d");
    assertThat(DurationSyntax.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(DurationSyntax.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(SizeSyntax.format(16L << 20)).isEqualTo("16MiB");
    assertThat(SizeSyntax.format(1536)).isEqualTo("1536");
    assertThat(SizeSyntax.format(Integer.MAX_VALUE)).isEqualTo("2147483647");
  }

  @ParameterizedTest(name = "{0} is the base {1}")
  @CsvSource({
      "https://repo.maven.apache.org/maven2, https://repo.maven.apache.org/maven2/",
      "https://repo.maven.apache.org/maven2/, https://repo.maven.apache.org/maven2/",
      "https://registry.npmjs.org, https://registry.npmjs.org/",
      "HTTP://Nexus.example.invalid:8081/repository/maven-public, http://Nexus.example.invalid:8081/repository/maven-public/",
      "http://127.0.0.1:4873, http://127.0.0.1:4873/",
      "http://[::1]:8080/npm, http://[::1]:8080/npm/",
      "https://example.invalid/with%20space, https://example.invalid/with%20space/"})
  void upstreamUrlsGetATrailingSlashAndALowerCaseScheme(String text, String base) throws InvalidValue {
    assertThat(BaseUrl.parse(text)).isEqualTo(URI.create(base));
  }

  @ParameterizedTest(name = "\"{0}\" is not an upstream URL")
  @ValueSource(strings = {"ftp://x", "file:///etc/passwd", "//repo.example.invalid/", "repo.example.invalid",
      "mailto:ops@example.invalid", "https:///path", "https://exa mple.invalid/", ""})
  void urlsThatAreNotAbsoluteHttpAreRefused(String text) {
    assertThatThrownBy(() -> BaseUrl.parse(text))
        .isInstanceOf(InvalidValue.class)
        .hasMessage("not an absolute http(s) URL: " + Quoted.of(text));
  }

  @Test
  void sizesAndDurationsReadFromAFileMatchTheirSyntax() throws Exception {
    GatehouseConfig loaded = new GatehouseYml(folder).load("""
        server: {maxRequestBodyBytes: 512KB, maxHeaderSize: 32768}
        limits: {maxArtifactBytes: 2GB, maxAnalysisTime: 250ms}
        cache: {metadataTtl: 2d, notFoundTtl: PT90S}
        """);

    assertThat(loaded.server().maxRequestBodyBytes()).isEqualTo(512_000);
    assertThat(loaded.server().maxHeaderSize()).isEqualTo(32_768);
    assertThat(loaded.limits().maxArtifactBytes()).isEqualTo(2_000_000_000L);
    assertThat(loaded.limits().maxAnalysisTime()).isEqualTo(Duration.ofMillis(250));
    assertThat(loaded.cache().metadataTtl()).isEqualTo(Duration.ofDays(2));
    assertThat(loaded.cache().notFoundTtl()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void quotedTextKeepsControlCharactersOnOneLine() {
    assertThat(Quoted.of("a\"b\\c\nd\te\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001\"");
  }
}
