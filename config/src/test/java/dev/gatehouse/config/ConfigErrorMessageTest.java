package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every message a wrong key or value produces, asserted whole: these are what an operator reads. */
class ConfigErrorMessageTest {
  @TempDir Path folder;
  private GatehouseYml yml;
  private String file;

  @BeforeEach
  void writeInto() {
    yml = new GatehouseYml(folder);
    file = yml.file().toString();
  }

  @Test
  void aMisspelledKeySuggestsTheKeyItResembles() throws Exception {
    assertThat(yml.error("server:\n  prot: 8080\n"))
        .isEqualTo(file + ": server.prot: unknown key (did you mean server.port?)");
  }

  @Test
  void aKeyInAnotherStyleOfCaseSuggestsTheCamelCaseKey() throws Exception {
    assertThat(yml.error("limits:\n  max_entry_bytes: 1MiB\n"))
        .isEqualTo(file + ": limits.max_entry_bytes: unknown key (did you mean limits.maxEntryBytes?)");
  }

  @Test
  void aMisspelledSectionSuggestsTheSection() throws Exception {
    assertThat(yml.error("upstream:\n  npm: {url: https://npm.example.invalid/}\n"))
        .isEqualTo(file + ": upstream: unknown key (did you mean upstreams?)");
  }

  @Test
  void anUnknownKeyWithNothingCloseListsTheKnownKeys() throws Exception {
    assertThat(yml.error("cache:\n  eviction: lru\n")).isEqualTo(file + ": cache.eviction: unknown key "
        + "(known keys here: metadataTtl, notFoundTtl, verdictCacheSize)");
  }

  @Test
  void anUnknownKeyWithAnEmptyValueIsStillUnknown() throws Exception {
    assertThat(yml.error("admin:\n  tokne:\n"))
        .isEqualTo(file + ": admin.tokne: unknown key (did you mean admin.token?)");
  }

  @Test
  void anUnknownKeyInsideAListElementNamesItsIndex() throws Exception {
    assertThat(yml.error("""
        upstreams:
          maven:
            - name: central
              url: https://repo.example.invalid/maven2/
            - name: other
              uri: https://other.example.invalid/
        """)).isEqualTo(file + ": upstreams.maven[1].uri: unknown key (did you mean upstreams.maven[1].url?)");
  }

  @Test
  void aUrlThatIsNotHttpIsRefused() throws Exception {
    assertThat(yml.error("upstreams:\n  maven:\n    - name: central\n      url: ftp://x\n"))
        .isEqualTo(file + ": upstreams.maven[0].url: not an absolute http(s) URL: \"ftp://x\"");
  }

  @Test
  void aRelativeUrlIsRefused() throws Exception {
    assertThat(yml.error("upstreams:\n  npm:\n    url: registry.npmjs.org\n"))
        .isEqualTo(file + ": upstreams.npm.url: not an absolute http(s) URL: \"registry.npmjs.org\"");
  }

  @Test
  void aUrlWithSpacesIsRefused() throws Exception {
    assertThat(yml.error("upstreams:\n  pypi:\n    index: https://pypi.org/sim ple/\n"))
        .isEqualTo(file + ": upstreams.pypi.index: not an absolute http(s) URL: \"https://pypi.org/sim ple/\"");
  }

  @Test
  void aUrlWithCredentialsIsRefusedWithoutRepeatingThem() throws Exception {
    String message = yml.error("upstreams:\n  npm:\n    url: https://deploy:s3cret@npm.example.invalid/\n");

    assertThat(message).isEqualTo(file + ": upstreams.npm.url: must not contain a user name or password");
  }

  @Test
  void aUrlWithAQueryIsRefused() throws Exception {
    assertThat(yml.error("upstreams:\n  pypi:\n    files:\n      - https://files.example.invalid/?token=1\n"))
        .isEqualTo(file + ": upstreams.pypi.files[0]: a base URL has no query or fragment: "
            + "\"https://files.example.invalid/?token=1\"");
  }

  @Test
  void twoMavenUpstreamsWithOneNameAreRefused() throws Exception {
    assertThat(yml.error("""
        upstreams:
          maven:
            - {name: central, url: https://repo.example.invalid/maven2/}
            - {name: internal, url: https://nexus.example.invalid/releases/}
            - {name: central, url: https://mirror.example.invalid/maven2/}
        """)).isEqualTo(file + ": upstreams.maven[2].name: \"central\" is already the name of upstreams.maven[0]");
  }

  @Test
  void aMavenUpstreamNameWithSpacesIsRefused() throws Exception {
    assertThat(yml.error("upstreams:\n  maven:\n    - {name: my repo, url: https://repo.example.invalid/}\n"))
        .isEqualTo(file + ": upstreams.maven[0].name: a name is up to 64 letters, digits, '.', '_' or '-', "
            + "got \"my repo\"");
  }

  @Test
  void aMavenUpstreamWithoutAUrlIsRefused() throws Exception {
    assertThat(yml.error("upstreams:\n  maven:\n    - name: central\n"))
        .isEqualTo(file + ": upstreams.maven[0].url: missing; this key needs a value");
  }

  @Test
  void anEmptyMavenListIsRefused() throws Exception {
    assertThat(yml.error("upstreams:\n  maven: []\n"))
        .isEqualTo(file + ": upstreams.maven: must list at least one repository");
  }

  @Test
  void anEmptyPypiFilesListIsRefused() throws Exception {
    assertThat(yml.error("upstreams:\n  pypi:\n    files: []\n"))
        .isEqualTo(file + ": upstreams.pypi.files: must list at least one URL that artifact downloads may reach");
  }

  @Test
  void aSingleUrlWhereAListBelongsNamesTheExpectedType() throws Exception {
    assertThat(yml.error("upstreams:\n  pypi:\n    files: https://files.pythonhosted.org/\n"))
        .isEqualTo(file + ": upstreams.pypi.files: expected a list, got \"https://files.pythonhosted.org/\"");
  }

  @Test
  void aListWhereAMappingBelongsNamesTheExpectedType() throws Exception {
    assertThat(yml.error("server:\n  - port: 8080\n"))
        .isEqualTo(file + ": server: expected a mapping, got a list");
  }

  @Test
  void aMappingWhereAnIntegerBelongsNamesTheExpectedType() throws Exception {
    assertThat(yml.error("server:\n  port:\n    number: 8080\n"))
        .isEqualTo(file + ": server.port: expected an integer, got a mapping");
  }

  @Test
  void aFractionWhereAnIntegerBelongsNamesTheExpectedType() throws Exception {
    assertThat(yml.error("limits:\n  maxCompressionRatio: 2.5\n"))
        .isEqualTo(file + ": limits.maxCompressionRatio: expected an integer, got 2.5");
  }

  @Test
  void aBooleanWhereTextBelongsNamesTheExpectedType() throws Exception {
    assertThat(yml.error("server:\n  host: true\n"))
        .isEqualTo(file + ": server.host: expected text, got true");
  }

  @Test
  void aPortAboveTheRangeIsRefused() throws Exception {
    assertThat(yml.error("server:\n  port: 65536\n"))
        .isEqualTo(file + ": server.port: must be at most 65535, got 65536");
  }

  @Test
  void aNegativePortIsRefused() throws Exception {
    assertThat(yml.error("server:\n  port: -1\n"))
        .isEqualTo(file + ": server.port: must not be negative, got -1");
  }

  @Test
  void aZeroLimitIsRefused() throws Exception {
    assertThat(yml.error("limits:\n  maxEntries: 0\n"))
        .isEqualTo(file + ": limits.maxEntries: must be positive, got 0");
  }

  @Test
  void anIntegerBeyondAnyLongIsRefusedAsOutOfRange() throws Exception {
    assertThat(yml.error("cache:\n  verdictCacheSize: 99999999999999999999\n"))
        .isEqualTo(file + ": cache.verdictCacheSize: must be at most 9223372036854775807, got 99999999999999999999");
  }

  @Test
  void tooManyBlockingThreadsAreRefused() throws Exception {
    assertThat(yml.error("server:\n  blockingThreads: 100000\n"))
        .isEqualTo(file + ": server.blockingThreads: must be at most 4096, got 100000");
  }

  @Test
  void tooManyRetriesAreRefused() throws Exception {
    assertThat(yml.error("upstreams:\n  retries: 11\n"))
        .isEqualTo(file + ": upstreams.retries: must be at most 10, got 11");
  }

  @Test
  void aSizeWithAnUnknownUnitIsRefused() throws Exception {
    assertThat(yml.error("limits:\n  maxArtifactBytes: 2 gigabytes\n")).isEqualTo(file
        + ": limits.maxArtifactBytes: expected a size such as 1048576, 512KB, 16MiB or 1GiB, got \"2 gigabytes\"");
  }

  @Test
  void aSizeTooLargeForAnInMemoryLimitIsRefusedWithTheBound() throws Exception {
    assertThat(yml.error("limits:\n  maxEntryBytes: 4GiB\n"))
        .isEqualTo(file + ": limits.maxEntryBytes: must be at most 2147483639 bytes, got \"4GiB\"");
  }

  @Test
  void aHeaderSizeBeyondAnIntIsRefusedWithTheBound() throws Exception {
    assertThat(yml.error("server:\n  maxHeaderSize: 2GiB\n"))
        .isEqualTo(file + ": server.maxHeaderSize: must be at most 2147483647 bytes, got \"2GiB\"");
  }

  @Test
  void aSizeOfZeroIsRefused() throws Exception {
    assertThat(yml.error("limits:\n  maxInflatedBytes: 0KiB\n"))
        .isEqualTo(file + ": limits.maxInflatedBytes: must be positive, got \"0KiB\"");
  }

  @Test
  void aDurationWithoutAUnitIsRefused() throws Exception {
    assertThat(yml.error("upstreams:\n  readTimeout: 60\n")).isEqualTo(file
        + ": upstreams.readTimeout: expected a duration such as 250ms, 30s, 5m, 1h, 2d or PT30S, got 60");
  }

  @Test
  void aZeroTimeoutIsRefused() throws Exception {
    assertThat(yml.error("upstreams:\n  connectTimeout: 0s\n"))
        .isEqualTo(file + ": upstreams.connectTimeout: must be positive, got \"0s\"");
  }

  @Test
  void aNegativeIsoDurationIsRefused() throws Exception {
    assertThat(yml.error("cache:\n  metadataTtl: PT-5M\n"))
        .isEqualTo(file + ": cache.metadataTtl: must not be negative, got \"PT-5M\"");
  }

  @Test
  void aDurationOverAYearIsRefused() throws Exception {
    assertThat(yml.error("limits:\n  maxAnalysisTime: 400d\n"))
        .isEqualTo(file + ": limits.maxAnalysisTime: must be at most 365d, got \"400d\"");
  }

  @Test
  void aDurationTooLongForAnyClockIsRefused() throws Exception {
    assertThat(yml.error("cache:\n  notFoundTtl: 999999999999999999d\n"))
        .isEqualTo(file + ": cache.notFoundTtl: too long to be a duration, got \"999999999999999999d\"");
  }

  @Test
  void aHostWithAPortIsRefused() throws Exception {
    assertThat(yml.error("server:\n  host: localhost:8080\n"))
        .isEqualTo(file + ": server.host: not a host name or IP address: \"localhost:8080\"");
  }

  @Test
  void aPolicyFileThatDoesNotExistNamesTheResolvedPath() throws Exception {
    assertThat(yml.error("policy:\n  file: strict.yml\n"))
        .isEqualTo(file + ": policy.file: no such file: \"" + folder.resolve("strict.yml") + "\"");
  }

  @Test
  void aPolicyFileThatIsADirectoryIsRefused() throws Exception {
    Files.createDirectory(folder.resolve("policies"));

    assertThat(yml.error("policy:\n  file: policies\n"))
        .isEqualTo(file + ": policy.file: is a directory, not a policy file: \"" + folder.resolve("policies") + "\"");
  }

  @Test
  void aStorageDirWithANulCharacterIsRefused() throws Exception {
    assertThat(yml.error("storage:\n  dir: \"data\\0dir\"\n"))
        .isEqualTo(file + ": storage.dir: not a valid path: \"data\\u0000dir\"");
  }

  @Test
  void anEmptyAdminTokenInQuotesIsTooShort() throws Exception {
    assertThat(yml.error("admin:\n  token: \"\"\n"))
        .isEqualTo(file + ": admin.token: too short: an admin token needs at least 16 characters");
  }

  @Test
  void aTopLevelListIsRefusedWithTheSectionsExpected() throws Exception {
    assertThat(yml.error("- server\n- port\n")).isEqualTo(file
        + ": expected a mapping of sections (server, storage, upstreams, admin, auth, policy, limits, cache, metadata, webhooks), got a list");
  }

  @Test
  void aLongValueIsCutShortInTheMessage() throws Exception {
    String url = "ftp://" + "x".repeat(200);

    assertThat(yml.error("upstreams:\n  npm:\n    url: " + url + "\n")).isEqualTo(file
        + ": upstreams.npm.url: not an absolute http(s) URL: \"" + url.substring(0, Quoted.MAX_SHOWN) + "…\"");
  }

  @Test
  void aKeyThatIsNotAPlainWordIsQuotedInThePath() throws Exception {
    assertThat(yml.error("server:\n  \"po rt\": 1\n"))
        .isEqualTo(file + ": server.\"po rt\": unknown key (did you mean server.port?)");
  }
}
