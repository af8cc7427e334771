package dev.gatehouse.proxy.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A one-class application that depends on one {@code org.example} artifact, compiled by the real {@code mvn}
 * through Gatehouse as a {@code settings.xml} mirror: what a team's build does, for the tests that drive Maven.
 */
final class MavenProject {
  /** Plugin versions pinned so that every build resolves the same artifacts. */
  private static final String RESOURCES_PLUGIN = "3.3.1";
  private static final String COMPILER_PLUGIN = "3.13.0";
  private static final long MVN_TIMEOUT_SECONDS = 300;

  /** What {@code mvn compile} answered: its exit code and everything it printed. */
  record Build(int exitCode, String output) {}

  private MavenProject() {}

  /**
   * Writes the project into {@code dir}.
   *
   * @param servers a {@code <servers>} element for {@code settings.xml} (credentials, headers), or empty
   */
  static Path create(Path dir, int gatehousePort, String dependency, String version, String appSource,
      String servers) throws IOException {
    Path project = Files.createDirectories(dir);
    Files.writeString(project.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>app</groupId>
          <artifactId>app</artifactId>
          <version>1</version>
          <properties>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
            <maven.compiler.release>17</maven.compiler.release>
          </properties>
          <dependencies>
            <dependency>
              <groupId>org.example</groupId>
              <artifactId>%s</artifactId>
              <version>%s</version>
            </dependency>
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-resources-plugin</artifactId>
                <version>%s</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-compiler-plugin</artifactId>
                <version>%s</version>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(dependency, version, RESOURCES_PLUGIN, COMPILER_PLUGIN), StandardCharsets.UTF_8);
    Path source = project.resolve("src/main/java/app/App.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, appSource, StandardCharsets.UTF_8);
    Files.writeString(project.resolve("settings.xml"), """
        <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
          %s
          <mirrors>
            <mirror>
              <id>gatehouse</id>
              <mirrorOf>*</mirrorOf>
              <url>http://127.0.0.1:%d/maven2/</url>
            </mirror>
          </mirrors>
        </settings>
        """.formatted(servers, gatehousePort), StandardCharsets.UTF_8);
    return project;
  }

  /** Runs {@code mvn compile} in {@code project} with its own local repository, so nothing comes from a cache. */
  static Build compile(Path project, Path localRepository, Path log) throws Exception {
    List<String> command = List.of("mvn", "-B", "-q", "-s", "settings.xml",
        "-Dmaven.repo.local=" + localRepository, "-Dmaven.wagon.http.retryHandler.count=0", "compile");
    Process process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!process.waitFor(MVN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("mvn did not finish within " + MVN_TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
    }
    return new Build(process.exitValue(), Files.readString(log));
  }
}
