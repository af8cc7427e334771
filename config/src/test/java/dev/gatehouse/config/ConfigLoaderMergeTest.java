package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.config.UpstreamsConfig.MavenUpstream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderMergeTest {
  @TempDir Path folder;
  private GatehouseYml yml;
  private final GatehouseConfig defaults = ConfigLoader.defaults();

  @BeforeEach
  void writeInto() {
    yml = new GatehouseYml(folder);
  }

  @Test
  void aKeyGivenInASectionKeepsTheOtherKeysOfThatSection() throws Exception {
    GatehouseConfig loaded = yml.load("server:\n  port: 9090\n");

    assertThat(loaded.server()).isEqualTo(new ServerConfig("0.0.0.0", 9090, 8192, 16384, 1 << 20, 32, 64, Optional.empty(), List.of(),
        Duration.ofSeconds(30), 256));
    assertThat(loaded.upstreams()).isEqualTo(defaults.upstreams());
    assertThat(loaded.limits()).isEqualTo(defaults.limits());
  }

  @Test
  void nestedMappingsMergeAtEveryLevel() throws Exception {
    GatehouseConfig loaded = yml.load("""
        upstreams:
          pypi:
            index: https://pypi.example.invalid/simple/
        """);

    assertThat(loaded.upstreams().pypi().index()).isEqualTo(URI.create("https://pypi.example.invalid/simple/"));
    assertThat(loaded.upstreams().pypi().files()).isEqualTo(defaults.upstreams().pypi().files());
    assertThat(loaded.upstreams().maven()).isEqualTo(defaults.upstreams().maven());
    assertThat(loaded.upstreams().npm()).isEqualTo(defaults.upstreams().npm());
  }

  @Test
  void aMavenListGivenByTheUserReplacesTheDefaultListInItsOrder() throws Exception {
    GatehouseConfig loaded = yml.load("""
        upstreams:
          maven:
            - name: internal
              url: https://nexus.example.invalid/repository/releases
            - name: mirror
              url: http://mirror.example.invalid:8081/maven2/
        """);

    assertThat(loaded.upstreams().maven()).containsExactly(
        new MavenUpstream("internal", URI.create("https://nexus.example.invalid/repository/releases/")),
        new MavenUpstream("mirror", URI.create("http://mirror.example.invalid:8081/maven2/")));
  }

  @Test
  void aPypiFilesListGivenByTheUserReplacesTheDefaultList() throws Exception {
    GatehouseConfig loaded = yml.load("""
        upstreams:
          pypi:
            files:
              - https://files.example.invalid
              - https://cdn.example.invalid/packages/
        """);

    assertThat(loaded.upstreams().pypi().files()).containsExactly(
        URI.create("https://files.example.invalid/"), URI.create("https://cdn.example.invalid/packages/"));
  }

  @Test
  void upstreamUrlsAreNormalizedToEndWithASlash() throws Exception {
    GatehouseConfig loaded = yml.load("""
        upstreams:
          maven: [{name: central, url: HTTPS://repo.example.invalid/maven2}]
          npm: {url: 'https://npm.example.invalid'}
          pypi: {index: 'https://pypi.example.invalid/simple'}
        """);

    assertThat(loaded.upstreams().maven().get(0).url()).isEqualTo(URI.create("https://repo.example.invalid/maven2/"));
    assertThat(loaded.upstreams().npm().url()).isEqualTo(URI.create("https://npm.example.invalid/"));
    assertThat(loaded.upstreams().pypi().index()).isEqualTo(URI.create("https://pypi.example.invalid/simple/"));
  }

  @Test
  void everySectionCanBeSetAtOnce() throws Exception {
    Files.writeString(folder.resolve("policy.yml"), "rules: []\n");
    GatehouseConfig loaded = yml.load("""
        server: {host: 127.0.0.1, port: 0, maxInitialLineLength: 4096, maxHeaderSize: 8KiB,
                 maxRequestBodyBytes: 64KiB, maxConcurrentFetches: 4, blockingThreads: 8}
        storage: {dir: /var/lib/gatehouse}
        upstreams: {connectTimeout: 2s, readTimeout: 5m, retries: 0}
        admin: {token: "s3cret-token-of-24-chars"}
        policy: {file: policy.yml}
        limits: {maxArtifactBytes: 100MB, maxMetadataBytes: 8MiB, maxEntries: 1000, maxInflatedBytes: 1GB,
                 maxCompressionRatio: 50, maxEntryBytes: 1MiB, maxNameLength: 255, maxNestingDepth: 0,
                 maxAnalysisTime: PT10S, maxClasses: 500, maxCallDepth: 4,
                 maxTokensPerFile: 1000, maxFindings: 20}
        cache: {metadataTtl: 0s, notFoundTtl: 30s, verdictCacheSize: 0}
        """);

    assertThat(loaded.server()).isEqualTo(new ServerConfig("127.0.0.1", 0, 4096, 8192, 65536, 4, 8, Optional.empty(), List.of(),
        Duration.ofSeconds(30), 256));
    assertThat(loaded.storage()).isEqualTo(new StorageConfig(Path.of("/var/lib/gatehouse")));
    assertThat(loaded.upstreams().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(loaded.upstreams().readTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(loaded.upstreams().retries()).isZero();
    assertThat(loaded.admin()).isEqualTo(new AdminConfig(Optional.of("s3cret-token-of-24-chars")));
    assertThat(loaded.policy()).isEqualTo(new PolicyConfig(Optional.of(folder.resolve("policy.yml"))));
    assertThat(loaded.limits()).isEqualTo(new LimitsConfig(100_000_000, 8L << 20, 1000, 1_000_000_000, 50,
        1L << 20, 255, 0, Duration.ofSeconds(10), 500, 4, 1000, 20));
    assertThat(loaded.cache()).isEqualTo(new CacheConfig(Duration.ZERO, Duration.ofSeconds(30), 0));
  }

  @Test
  void policyFileIsResolvedAgainstTheFolderOfTheConfigFile() throws Exception {
    Path policies = Files.createDirectory(folder.resolve("policies"));
    Files.writeString(policies.resolve("strict.yml"), "rules: []\n");

    GatehouseConfig loaded = yml.load("policy:\n  file: policies/../policies/strict.yml\n");

    assertThat(loaded.policy().file()).contains(policies.resolve("strict.yml"));
  }

  @Test
  void anAbsolutePolicyFileIsTakenAsItIs() throws Exception {
    Path elsewhere = Files.createDirectory(folder.resolve("elsewhere"));
    Path policy = Files.writeString(elsewhere.resolve("policy.yml"), "rules: []\n");
    Path configFolder = Files.createDirectory(folder.resolve("etc"));

    GatehouseConfig loaded = new GatehouseYml(configFolder).load("policy:\n  file: " + policy + "\n");

    assertThat(loaded.policy().file()).contains(policy);
  }

  @Test
  void aRelativeStorageDirIsResolvedAgainstTheWorkingDirectory() throws Exception {
    GatehouseConfig loaded = yml.load("storage:\n  dir: state/gatehouse\n");

    assertThat(loaded.storage().dir()).isEqualTo(Path.of("").toAbsolutePath().resolve("state/gatehouse"));
    assertThat(loaded.storage().dir()).isAbsolute();
  }

  @Test
  void anIpv6HostIsKeptWithoutBrackets() throws Exception {
    assertThat(yml.load("server: {host: '[::1]'}").server().host()).isEqualTo("::1");
    assertThat(yml.load("server: {host: '::'}").server().host()).isEqualTo("::");
  }

  @Test
  void digitsInQuotesAreAnIntegerAsAnEnvironmentValueWouldBe() throws Exception {
    assertThat(yml.load("server: {port: '9090'}").server().port()).isEqualTo(9090);
  }

  @Test
  void aByteOrderMarkAtTheStartOfTheFileIsIgnored() throws Exception {
    assertThat(yml.load("\uFEFFserver: {port: 9091}\n").server().port()).isEqualTo(9091);
  }

  @Test
  void recordsCopyTheirListsSoTheLoadedConfigCannotChange() throws Exception {
    GatehouseConfig loaded = yml.load("upstreams: {pypi: {files: [https://files.example.invalid/]}}");

    List<URI> files = loaded.upstreams().pypi().files();
    assertThatThrownBy(() -> files.add(URI.create("https://other.invalid/")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> loaded.upstreams().maven().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
