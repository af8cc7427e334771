package dev.gatehouse.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.analyzer.fixtures.ArchiveFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScanCommandTest {
  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = GatehouseCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private List<JsonNode> jsonLines() throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().split("\\R")) {
      if (!line.isBlank()) {
        lines.add(new ObjectMapper().readTree(line));
      }
    }
    return lines;
  }

  @Test
  void jsonLinesGiveVerdictRuleAndFindingsForEveryJarInPathOrder() throws IOException {
    Path repository = ScanFixtures.repository(tmp);

    int status = run("scan", "--json", repository.toString());

    assertThat(status).isEqualTo(ScanCommand.SOME_REFUSED);
    List<JsonNode> lines = jsonLines();
    assertThat(lines).extracting(l -> l.get("name").asText())
        .containsExactly("org.example:beacon", "org.example:clean", "org.projectlombok:lombok");
    JsonNode beacon = lines.get(0);
    assertThat(beacon.get("ecosystem").asText()).isEqualTo("maven");
    assertThat(beacon.get("version").asText()).isEqualTo("1.0");
    assertThat(beacon.get("verdict").asText()).isEqualTo("block");
    assertThat(beacon.get("rule").asText()).isEqualTo("exfiltration");
    assertThat(beacon.get("sha256").asText()).matches("[0-9a-f]{64}");
    assertThat(beacon.get("millis").isIntegralNumber()).isTrue();
    JsonNode finding = beacon.get("findings").get(0);
    assertThat(finding.get("trigger").asText()).isEqualTo("service-registration");
    assertThat(finding.get("capabilities")).extracting(JsonNode::asText).contains("network", "credential-read");
    assertThat(finding.get("severity").asText()).isEqualTo("critical");
    assertThat(finding.get("location").asText()).startsWith("fixture.Beacon");
    assertThat(finding.get("evidence").asText()).isNotBlank();

    assertThat(lines.get(1).get("verdict").asText()).isEqualTo("allow");
    assertThat(lines.get(1).get("findings")).isEmpty();
    assertThat(lines.get(2).get("verdict").asText()).isEqualTo("quarantine");
    assertThat(lines.get(2).get("rule").asText()).isEqualTo("build-time-code");
  }

  @Test
  void humanOutputHasOneLinePerArtifactWithFindingsIndentedBeneath() throws IOException {
    Path repository = ScanFixtures.repository(tmp);

    run("scan", repository.resolve("org/example/beacon").toString());

    String[] lines = out.toString().split("\\R");
    assertThat(lines[0]).startsWith("BLOCK").contains("beacon-1.0.jar", "org.example:beacon:1.0", "rule exfiltration");
    assertThat(lines[1]).startsWith("    CRITICAL").contains("fixture.Beacon");
  }

  @Test
  void everythingAllowedExitsZero() throws IOException {
    Path repository = ScanFixtures.repository(tmp);

    assertThat(run("scan", repository.resolve("org/example/clean").toString())).isEqualTo(ScanCommand.ALL_ALLOWED);
  }

  @Test
  void npmTarballIsJudgedOnItsVersionHistoryWhenGivenAPackument() throws IOException {
    Path tarball = ArchiveFixture.create()
        .file("package/package.json", """
            {"name": "left-pad", "version": "1.1.0", "scripts": {"postinstall": "node setup.js"}}
            """)
        .file("package/setup.js", "console.log('thanks for installing');\n")
        .file("package/index.js", "module.exports = (s) => s;\n")
        .tarGz(tmp.resolve("left-pad-1.1.0.tgz"));
    Path packument = Files.writeString(tmp.resolve("left-pad.json"), """
        {"name": "left-pad", "versions": {
          "1.0.0": {"name": "left-pad", "version": "1.0.0", "scripts": {"test": "node test.js"}},
          "1.0.1": {"name": "left-pad", "version": "1.0.1"},
          "1.1.0": {"name": "left-pad", "version": "1.1.0", "scripts": {"postinstall": "node setup.js"}}}}
        """);

    int without = run("scan", "--json", tarball.toString());
    String plain = out.toString();
    out.getBuffer().setLength(0);
    int with = run("scan", "--json", "--packument", packument.toString(), tarball.toString());

    assertThat(without).isEqualTo(ScanCommand.ALL_ALLOWED);
    assertThat(plain).doesNotContain("version-change");
    assertThat(with).isEqualTo(ScanCommand.SOME_REFUSED);
    JsonNode line = jsonLines().get(0);
    assertThat(line.get("ecosystem").asText()).isEqualTo("npm");
    assertThat(line.get("rule").asText()).isEqualTo("version-change");
    assertThat(line.get("findings")).extracting(f -> f.get("trigger").asText()).contains("version-change");
  }

  @Test
  void unreadablePackumentIsAnErrorNamingTheFile() {
    int status = run("scan", "--packument", tmp.resolve("none.json").toString(), tmp.toString());

    assertThat(status).isEqualTo(ScanCommand.ERROR);
    assertThat(err.toString()).contains("cannot read the packument " + tmp.resolve("none.json"));
  }

  @Test
  void missingPathIsAnErrorWithItsOwnStatusAndASentence() {
    int status = run("scan", tmp.resolve("nowhere").toString());

    assertThat(status).isEqualTo(ScanCommand.ERROR);
    assertThat(err.toString()).contains("cannot read " + tmp.resolve("nowhere") + ": no such file or folder");
  }

  @Test
  void brokenPolicyFileIsAnErrorNamingTheFile() throws IOException {
    Path policy = Files.writeString(tmp.resolve("policy.yml"), "rules:\n  - name: x\n    decision: maybe\n");

    int status = run("scan", "--policy", policy.toString(), tmp.toString());

    assertThat(status).isEqualTo(ScanCommand.ERROR);
    assertThat(err.toString()).startsWith("gatehouse scan: ").contains("policy.yml");
  }
}
