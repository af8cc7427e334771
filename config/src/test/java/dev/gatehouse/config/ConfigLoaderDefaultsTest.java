package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.config.UpstreamsConfig.MavenUpstream;
import dev.gatehouse.config.UpstreamsConfig.NpmUpstream;
import dev.gatehouse.config.UpstreamsConfig.PypiUpstream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderDefaultsTest {
  /** The repository's operator documentation; surefire runs in the module folder. */
  private static final Path CONFIGURATION_MD = Path.of("..", "docs", "configuration.md");

  @TempDir Path folder;

  /** Every value the design and the configuration issue document, written out by hand. */
  private static GatehouseConfig documentedDefaults() {
    return new GatehouseConfig(
        new ServerConfig("0.0.0.0", 8080, 8 * 1024, 16 * 1024, 1024 * 1024, 32, 64, Optional.empty(), List.of(),
            Duration.ofSeconds(30), 256),
        new StorageConfig(Path.of("data").toAbsolutePath()),
        new UpstreamsConfig(
            List.of(new MavenUpstream("central", URI.create("https://repo.maven.apache.org/maven2/"))),
            new NpmUpstream(URI.create("https://registry.npmjs.org/")),
            new PypiUpstream(URI.create("https://pypi.org/simple/"),
                List.of(URI.create("https://files.pythonhosted.org/"))),
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            2,
            Duration.ofMinutes(30)),
        new AdminConfig(Optional.empty()),
        new PolicyConfig(Optional.empty()),
        new LimitsConfig(1L << 30, 64L << 20, 200_000, 4L << 30, 200, 16L << 20, 1024, 3,
            Duration.ofSeconds(60), 100_000, 12, 2_000_000, 500),
        new CacheConfig(Duration.ofMinutes(5), Duration.ofMinutes(1), 100_000),
        new AuthConfig(true),
        new MetadataConfig(MetadataConfig.Quarantined.LIST),
        List.of());
  }

  @Test
  void embeddedDefaultsAreTheDocumentedValues() {
    assertThat(ConfigLoader.defaults()).isEqualTo(documentedDefaults());
  }

  @Test
  void loadingWithoutAFileOrEnvironmentGivesTheDefaults() throws ConfigException {
    assertThat(ConfigLoader.load(Optional.empty(), Map.of())).isEqualTo(documentedDefaults());
  }

  @Test
  void theConfigurationBlockOfTheDesignChangesNothing() throws Exception {
    // The block of DESIGN.md's "Configuration" section, without its placeholder admin token.
    GatehouseConfig loaded = new GatehouseYml(folder).load("""
        server:
          host: 0.0.0.0              # GATEHOUSE_HOST
          port: 8080                 # GATEHOUSE_PORT
        storage:
          dir: ./data                # GATEHOUSE_DATA_DIR
        upstreams:
          maven:                     # tried in order, like a repository group
            - name: central
              url: https://repo.maven.apache.org/maven2/
          npm:
            url: https://registry.npmjs.org/
          pypi:
            index: https://pypi.org/simple/
            files: [https://files.pythonhosted.org/]   # the only hosts artifact downloads may reach
        """);
    assertThat(loaded).isEqualTo(ConfigLoader.defaults());
  }

  @Test
  void theDefaultsBlockOfTheOperatorDocumentationEqualsTheEmbeddedDefaults() throws Exception {
    String markdown = Files.readString(CONFIGURATION_MD);
    Matcher block = Pattern.compile("## The defaults as a file.*?```yaml\n(.*?)```", Pattern.DOTALL)
        .matcher(markdown);
    assertThat(block.find()).as("a yaml block under 'The defaults as a file'").isTrue();

    assertThat(new GatehouseYml(folder).load(block.group(1))).isEqualTo(ConfigLoader.defaults());
  }

  @Test
  void theOperatorDocumentationListsEveryKeyOfTheEmbeddedDefaults() throws IOException {
    Set<String> documented = new LinkedHashSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z.\\[\\]]+)` \\|").matcher(Files.readString(CONFIGURATION_MD));
    while (row.find()) {
      documented.add(row.group(1));
    }
    assertThat(documented).containsExactlyInAnyOrder(
        "server.host", "server.port", "server.maxInitialLineLength", "server.maxHeaderSize",
        "server.maxRequestBodyBytes", "server.maxConcurrentFetches", "server.blockingThreads",
        "server.publicUrl", "server.trustedProxies", "server.requestTimeout", "server.maxConnectionsPerClient",
        "auth.anonymous",
        "storage.dir",
        "upstreams.maven", "upstreams.maven[].name", "upstreams.maven[].url", "upstreams.npm.url",
        "upstreams.pypi.index", "upstreams.pypi.files", "upstreams.connectTimeout", "upstreams.readTimeout",
        "upstreams.retries", "upstreams.downloadTimeout",
        "admin.token", "policy.file",
        "limits.maxArtifactBytes", "limits.maxMetadataBytes", "limits.maxEntries", "limits.maxInflatedBytes",
        "limits.maxCompressionRatio", "limits.maxEntryBytes", "limits.maxNameLength", "limits.maxNestingDepth",
        "limits.maxAnalysisTime", "limits.maxClasses", "limits.maxCallDepth", "limits.maxTokensPerFile", "limits.maxFindings",
        "cache.metadataTtl", "cache.notFoundTtl", "cache.verdictCacheSize", "metadata.quarantined",
        "webhooks", "webhooks[].url", "webhooks[].events", "webhooks[].secret");
  }

  @Test
  void quarantinedReleasesAreListedUnlessTheFileSaysHide() throws Exception {
    assertThat(new GatehouseYml(folder).load("metadata:\n  quarantined: hide\n").metadata().quarantined())
        .isEqualTo(MetadataConfig.Quarantined.HIDE);
    assertThatThrownBy(() -> new GatehouseYml(folder).load("metadata:\n  quarantined: show\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metadata.quarantined: expected list or hide, got \"show\"");
  }

  @Test
  void anEmptyFileChangesNothing() throws Exception {
    assertThat(new GatehouseYml(folder).load("")).isEqualTo(ConfigLoader.defaults());
  }

  @Test
  void aFileOfOnlyCommentsChangesNothing() throws Exception {
    assertThat(new GatehouseYml(folder).load("# nothing configured yet\n")).isEqualTo(ConfigLoader.defaults());
  }

  @Test
  void emptySectionsAndKeysKeepTheirDefaults() throws Exception {
    GatehouseConfig loaded = new GatehouseYml(folder).load("""
        server:
        upstreams:
          npm:
          retries: ~
        limits: {}
        """);
    assertThat(loaded).isEqualTo(ConfigLoader.defaults());
  }
}
