package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentOverrideTest {
  private static final String TOKEN = "env-token-0123456789abcdef";

  @TempDir Path folder;
  private GatehouseYml yml;

  @BeforeEach
  void writeInto() {
    yml = new GatehouseYml(folder);
  }

  @Test
  void everyVariableOverridesItsKeyOfTheDefaults() throws ConfigException {
    GatehouseConfig loaded = ConfigLoader.load(Optional.empty(), Map.of(
        "GATEHOUSE_HOST", "127.0.0.1",
        "GATEHOUSE_PORT", "9443",
        "GATEHOUSE_DATA_DIR", "/srv/gatehouse",
        "GATEHOUSE_ADMIN_TOKEN", TOKEN));

    assertThat(loaded.server().host()).isEqualTo("127.0.0.1");
    assertThat(loaded.server().port()).isEqualTo(9443);
    assertThat(loaded.storage().dir()).isEqualTo(Path.of("/srv/gatehouse"));
    assertThat(loaded.admin().token()).contains(TOKEN);
    assertThat(loaded.upstreams()).isEqualTo(ConfigLoader.defaults().upstreams());
  }

  @Test
  void theEnvironmentWinsOverTheFile() throws Exception {
    GatehouseConfig loaded = yml.load("""
        server: {host: 10.0.0.1, port: 8081}
        storage: {dir: /from/file}
        admin: {token: file-token-0123456789abcdef}
        """, Map.of("GATEHOUSE_PORT", "0", "GATEHOUSE_DATA_DIR", "/from/env"));

    assertThat(loaded.server().host()).isEqualTo("10.0.0.1");
    assertThat(loaded.server().port()).isZero();
    assertThat(loaded.storage().dir()).isEqualTo(Path.of("/from/env"));
    assertThat(loaded.admin().token()).contains("file-token-0123456789abcdef");
  }

  @Test
  void aRelativeDataDirFromTheEnvironmentIsResolvedAgainstTheWorkingDirectory() throws ConfigException {
    GatehouseConfig loaded = ConfigLoader.load(Optional.empty(), Map.of("GATEHOUSE_DATA_DIR", "var/data"));

    assertThat(loaded.storage().dir()).isEqualTo(Path.of("").toAbsolutePath().resolve("var/data"));
  }

  @Test
  void anEmptyVariableCountsAsUnset() throws Exception {
    GatehouseConfig loaded = yml.load("server: {port: 8082}\n", Map.of(
        "GATEHOUSE_PORT", "", "GATEHOUSE_ADMIN_TOKEN", "", "GATEHOUSE_HOST", "", "GATEHOUSE_DATA_DIR", ""));

    assertThat(loaded.server().port()).isEqualTo(8082);
    assertThat(loaded.server().host()).isEqualTo("0.0.0.0");
    assertThat(loaded.admin().token()).isEmpty();
    assertThat(loaded.storage()).isEqualTo(ConfigLoader.defaults().storage());
  }

  @Test
  void otherVariablesAreIgnored() throws ConfigException {
    GatehouseConfig loaded = ConfigLoader.load(Optional.empty(), Map.of(
        "GATEHOUSE_OPTS", "-Xmx1g", "PORT", "1", "gatehouse_port", "2"));

    assertThat(loaded).isEqualTo(ConfigLoader.defaults());
  }

  @Test
  void aPortThatIsNotANumberNamesTheVariable() {
    assertThat(GatehouseYml.errorLoading(Optional.empty(), Map.of("GATEHOUSE_PORT", "http")))
        .isEqualTo("environment variable GATEHOUSE_PORT: server.port: expected an integer, got \"http\"");
  }

  @Test
  void aPortOutOfRangeNamesTheVariableEvenWhenAFileIsGiven() throws Exception {
    assertThat(yml.error("server: {port: 8080}\n", Map.of("GATEHOUSE_PORT", "70000")))
        .isEqualTo("environment variable GATEHOUSE_PORT: server.port: must be at most 65535, got \"70000\"");
  }

  @Test
  void aBadHostNamesTheVariable() {
    assertThat(GatehouseYml.errorLoading(Optional.empty(), Map.of("GATEHOUSE_HOST", "0.0.0.0:8080")))
        .isEqualTo("environment variable GATEHOUSE_HOST: server.host: not a host name or IP address: \"0.0.0.0:8080\"");
  }

  @Test
  void aBadDataDirNamesTheVariable() {
    assertThat(GatehouseYml.errorLoading(Optional.empty(), Map.of("GATEHOUSE_DATA_DIR", "  ")))
        .isEqualTo("environment variable GATEHOUSE_DATA_DIR: storage.dir: expected a path, got \"  \"");
  }

  @Test
  void aBadAdminTokenNamesTheVariableButNeverRepeatsTheToken() {
    String message = GatehouseYml.errorLoading(Optional.empty(), Map.of("GATEHOUSE_ADMIN_TOKEN", "hunter2"));

    assertThat(message).isEqualTo("environment variable GATEHOUSE_ADMIN_TOKEN: admin.token: "
        + "too short: an admin token needs at least 16 characters");
    assertThat(message).doesNotContain("hunter2");
  }

  @Test
  void anAdminTokenWithASpaceIsRefusedWithoutRepeatingIt() {
    String message = GatehouseYml.errorLoading(Optional.empty(),
        Map.of("GATEHOUSE_ADMIN_TOKEN", "correct horse battery staple"));

    assertThat(message).isEqualTo("environment variable GATEHOUSE_ADMIN_TOKEN: admin.token: "
        + "must be printable ASCII without spaces, as it is sent in an HTTP header");
  }

  @Test
  void aBadValueInTheFileIsStillTheFilesMistakeWhenAnotherKeyComesFromTheEnvironment() throws Exception {
    assertThat(yml.error("server: {maxHeaderSize: lots}\n", Map.of("GATEHOUSE_PORT", "9000")))
        .isEqualTo(yml.file() + ": server.maxHeaderSize: "
            + "expected a size such as 1048576, 512KB, 16MiB or 1GiB, got \"lots\"");
  }
}
