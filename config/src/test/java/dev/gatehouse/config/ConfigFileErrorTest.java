package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that cannot be read, or are not YAML the configuration can hold: every message asserted whole. */
class ConfigFileErrorTest {
  @TempDir Path folder;
  private GatehouseYml yml;
  private String file;

  @BeforeEach
  void writeInto() {
    yml = new GatehouseYml(folder);
    file = yml.file().toString();
  }

  @Test
  void aMissingFileIsNamedAsGiven() {
    Path missing = folder.resolve("nowhere.yml");

    assertThat(GatehouseYml.errorLoading(Optional.of(missing), Map.of())).isEqualTo(missing + ": no such file");
  }

  @Test
  void aMissingRelativeFileIsNamedAsGivenAndWhereItWasLookedFor() {
    Path missing = Path.of("no-such-folder", "gatehouse.yml");

    assertThat(GatehouseYml.errorLoading(Optional.of(missing), Map.of())).isEqualTo(
        "no-such-folder/gatehouse.yml: no such file (looked for " + missing.toAbsolutePath() + ")");
  }

  @Test
  void aDirectoryIsNotAConfigurationFile() {
    assertThat(GatehouseYml.errorLoading(Optional.of(folder), Map.of()))
        .isEqualTo(folder + ": is a directory, not a configuration file");
  }

  @Test
  void aFileLargerThanTheBoundIsRefusedWithoutBeingParsed() throws Exception {
    Files.write(yml.file(), new byte[YamlDocument.MAX_FILE_BYTES + 1]);

    assertThat(GatehouseYml.errorLoading(Optional.of(yml.file()), Map.of()))
        .isEqualTo(file + ": larger than 1048576 bytes, which no configuration file needs");
  }

  @Test
  void aFileThatIsNotUtf8IsRefused() throws Exception {
    Files.write(yml.file(), new byte[] {'s', 'e', 'r', 'v', 'e', 'r', ':', ' ', (byte) 0xC3, (byte) 0x28});

    assertThat(GatehouseYml.errorLoading(Optional.of(yml.file()), Map.of())).isEqualTo(file + ": not UTF-8 text");
  }

  @Test
  void aSyntaxErrorNamesTheLineAndColumn() throws Exception {
    assertThat(yml.error("server:\n  port: 8080\n  host: [0.0.0.0\nstorage: {}\n")).isEqualTo(file
        + ": line 4, column 8: YAML syntax error: expected ',' or ']', but got : "
        + "(while parsing a flow sequence at line 3, column 9)");
  }

  @Test
  void aMisindentedKeyNamesTheLineAndColumn() throws Exception {
    assertThat(yml.error("server:\n  port: 8080\n   host: 0.0.0.0\n"))
        .isEqualTo(file + ": line 3, column 8: YAML syntax error: mapping values are not allowed here");
  }

  @Test
  void aTabUsedForIndentationNamesItsLine() throws Exception {
    assertThat(yml.error("server:\n\tport: 8080\n")).isEqualTo(file + ": line 2, column 1: YAML syntax error: "
        + "found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)");
  }

  @Test
  void aKeyGivenTwiceIsRefusedRatherThanTheLastOneWinning() throws Exception {
    assertThat(yml.error("server:\n  port: 8080\n  host: 0.0.0.0\n  port: 9090\n"))
        .isEqualTo(file + ": line 4, column 3: server.port: key given twice");
  }

  @Test
  void anAliasIsRefusedRatherThanReadAsItsName() throws Exception {
    assertThat(yml.error("server:\n  port: &p 8080\nupstreams:\n  retries: *p\n")).isEqualTo(file
        + ": line 4, column 12: upstreams.retries: YAML aliases (*p) are not supported; write the value out");
  }

  @Test
  void aSecondDocumentIsRefusedRatherThanIgnored() throws Exception {
    assertThat(yml.error("server:\n  port: 8080\n---\nserver:\n  port: 9090\n")).isEqualTo(file
        + ": line 4, column 1: a second YAML document (after ---); a configuration file holds one");
  }

  @Test
  void aListAsAKeyIsRefusedInPlainWords() throws Exception {
    assertThat(yml.error("? [server, port]\n: 8080\n")).isEqualTo(file
        + ": line 1, column 4: YAML syntax error: mapping keys must be plain text, not lists or mappings");
  }

  @Test
  void nestingDeeperThanTheBoundIsRefused() throws Exception {
    String deep = "[".repeat(YamlDocument.MAX_NESTING_DEPTH + 1) + "]".repeat(YamlDocument.MAX_NESTING_DEPTH + 1);

    assertThat(yml.error("server: " + deep + "\n")).isEqualTo(
        file + ": line 1, column " + (8 + YamlDocument.MAX_NESTING_DEPTH) + ": server"
            + "[0]".repeat(YamlDocument.MAX_NESTING_DEPTH - 1) + ": nested deeper than 32 levels");
  }

  @Test
  void aBinaryValueIsRefusedInPlainWords() throws Exception {
    assertThat(yml.error("admin:\n  token: !!binary c2VjcmV0LXRva2VuLTAxMjM0NTY3\n")).isEqualTo(file
        + ": line 2, column 10: admin.token: binary values (!!binary) are not supported");
  }

  @Test
  void noMessageCarriesAStackTraceOrALibraryClassName() throws Exception {
    List<String> broken = List.of(
        "server: [\n", "a: b: c\n", "server: {port: }}\n", "'unterminated\n", "server: !!binary 8080\n",
        "? {a: 1}\n: 2\n", "&a [*a]\n", "%YAML 9.9\n---\na: 1\n", "server: \"\\q\"\n", "- - - -\n");
    for (String yaml : broken) {
      String message = yml.error(yaml);
      assertThat(message).as(yaml)
          .startsWith(file + ": ")
          .doesNotContain("\n", "com.fasterxml", "org.yaml", "Exception", "jackson", "snakeyaml", "\tat ");
    }
  }
}
