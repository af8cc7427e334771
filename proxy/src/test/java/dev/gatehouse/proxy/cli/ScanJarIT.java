package dev.gatehouse.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded {@code gatehouse.jar}, as a user would, on fixture jars. */
class ScanJarIT {
  @TempDir Path tmp;

  @Test
  void builtJarScansAFolderAndPrintsJsonLinesWithAnExitStatusThatSaysSomethingWasRefused() throws Exception {
    Path repository = ScanFixtures.repository(tmp);
    Path jar = Path.of(System.getProperty("gatehouse.jar"));
    assertThat(jar).as("the package phase builds gatehouse.jar before integration tests").exists();
    Path out = tmp.resolve("out.jsonl");
    Path err = tmp.resolve("err.txt");

    Process scan = new ProcessBuilder(javaBinary(), "-jar", jar.toString(), "scan", "--json", repository.toString())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(scan.waitFor(120, TimeUnit.SECONDS)).as("scan finishes").isTrue();

    assertThat(scan.exitValue()).as(Files.readString(err)).isEqualTo(ScanCommand.SOME_REFUSED);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      lines.add(new ObjectMapper().readTree(line));
    }
    assertThat(lines).extracting(l -> l.get("name").asText() + " " + l.get("verdict").asText() + " " + l.get("rule").asText())
        .containsExactly(
            "org.example:beacon block exfiltration",
            "org.example:clean allow no-blocking-findings",
            "org.example:codegen quarantine build-time-code");
    assertThat(lines).allSatisfy(line -> assertThat(line.fieldNames()).toIterable()
        .contains("file", "sha256", "ecosystem", "verdict", "rule", "millis", "findings"));
  }

  @Test
  void builtJarExitsWithTheErrorStatusOnAnUnreadablePath() throws IOException, InterruptedException {
    Process scan = new ProcessBuilder(javaBinary(), "-jar", System.getProperty("gatehouse.jar"), "scan",
        tmp.resolve("missing").toString()).redirectErrorStream(true).start();
    String output = new String(scan.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(scan.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(scan.exitValue()).isEqualTo(ScanCommand.ERROR);
    assertThat(output).contains("no such file or folder").doesNotContain("Exception");
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
