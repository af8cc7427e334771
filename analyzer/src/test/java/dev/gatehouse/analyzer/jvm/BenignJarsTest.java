package dev.gatehouse.analyzer.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.fixtures.JarFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The everyday shapes of library code that must not become alarms. */
class BenignJarsTest {
  @TempDir Path tmp;

  @Test
  void jdbcDriverRegisteringItselfWithDriverManagerIsNoFinding() throws Exception {
    Path jar = JarFixture.builder().service("java.sql.Driver", "fixture.db.Driver").javaSource("fixture/db/Driver", """
        package fixture.db;
        import java.sql.*;
        import java.util.Properties;
        import java.util.logging.Logger;
        public class Driver implements java.sql.Driver {
          static {
            try {
              Class.forName("java.sql.DriverManager");
              DriverManager.registerDriver(new Driver());
            } catch (Exception e) { throw new ExceptionInInitializerError(e); }
          }
          public Connection connect(String url, Properties info) { return null; }
          public boolean acceptsURL(String url) { return url.startsWith("jdbc:fixture:"); }
          public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) { return new DriverPropertyInfo[0]; }
          public int getMajorVersion() { return 1; }
          public int getMinorVersion() { return 0; }
          public boolean jdbcCompliant() { return false; }
          public Logger getParentLogger() { return Logger.getLogger("fixture"); }
        }
        """).build(tmp);
    assertThat(JarAnalysis.of(jar).findings()).isEmpty();
  }

  @Test
  void plainServiceLoaderProviderIsNoFinding() throws Exception {
    Path jar = JarFixture.builder().service("fixture.spi.Codec", "fixture.impl.GzipCodec")
        .javaSource("fixture/spi/Codec", "package fixture.spi; public interface Codec { String name(); }")
        .javaSource("fixture/impl/GzipCodec", """
            package fixture.impl;
            import java.util.*;
            public class GzipCodec implements fixture.spi.Codec {
              private final Map<String, Integer> levels = new HashMap<>();
              public GzipCodec() { levels.put("fast", 1); levels.put("best", 9); }
              public String name() { return "gzip"; }
            }
            """).build(tmp);
    assertThat(JarAnalysis.of(jar).findings()).isEmpty();
  }

  @Test
  void staticInitializerThatFillsATableIsNoFinding() throws Exception {
    Path jar = JarFixture.builder().javaSource("fixture/Table", """
        package fixture;
        import java.util.*;
        public final class Table {
          static final Map<String, Integer> CODES = new HashMap<>();
          static final String[] NAMES = {"ssh", "aws", ".npmrc is just a word here"};
          static { for (int i = 0; i < NAMES.length; i++) CODES.put(NAMES[i], i); }
        }
        """).build(tmp);
    assertThat(JarAnalysis.of(jar).findings()).isEmpty();
  }

  @Test
  void jarWithNoEntryPointsIsNoFindingEvenIfItsCodeCouldSpawnProcesses() throws Exception {
    Path jar = JarFixture.builder().javaSource("fixture/Shell", """
        package fixture;
        public class Shell {
          public Process run(String... command) throws java.io.IOException { return new ProcessBuilder(command).start(); }
        }
        """).build(tmp);
    assertThat(JarAnalysis.of(jar).findings()).isEmpty();
  }

  @Test
  void readingConfigurationFromPropertiesAndOneVariableIsOnlyLow() throws Exception {
    Path jar = JarFixture.builder().javaSource("fixture/Config", """
        package fixture;
        public class Config {
          static final String HOME = System.getenv("JAVA_HOME");
          static final String LEVEL = System.getProperty("fixture.level", "info");
        }
        """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.capabilities()).containsExactly(Capability.ENVIRONMENT_READ);
      assertThat(f.severity()).isEqualTo(Severity.LOW);
    });
  }

  @Test
  void nativeLibraryExtractedToTheTempFolderAndLoadedIsOnlyLow() throws Exception {
    Path jar = JarFixture.builder().javaSource("fixture/Native", """
        package fixture;
        import java.io.*;
        import java.nio.file.*;
        public class Native {
          static {
            try (InputStream in = Native.class.getResourceAsStream("/native/libfixture.so")) {
              Path lib = Files.createTempFile("libfixture", ".so");
              Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
              System.load(lib.toAbsolutePath().toString());
            } catch (IOException e) { throw new UncheckedIOException(e); }
          }
        }
        """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.capabilities()).containsExactly(Capability.NATIVE_LOAD);
      assertThat(f.severity()).isEqualTo(Severity.LOW);
    });
  }

  @Test
  void theSameBytesGiveTheSameFindingsInTheSameOrder() throws Exception {
    JarFixture.Builder fixture = JarFixture.builder().service("java.sql.Driver", "fixture.A", "fixture.B");
    for (String name : new String[] {"A", "B", "C", "D", "E"}) {
      fixture.javaSource("fixture/" + name, "package fixture; public class " + name
          + " { static { System.loadLibrary(\"x\"); try { new java.net.Socket(\"h.invalid\", 1); } catch (Exception e) { } } }");
    }
    Path jar = fixture.build(tmp);
    var first = JarAnalysis.of(jar).findings();
    assertThat(first).isNotEmpty();
    for (int i = 0; i < 3; i++) {
      assertThat(JarAnalysis.of(jar).findings()).isEqualTo(first);
    }
    assertThat(first).extracting(f -> ((CodeFinding) f).summary()).containsExactly(
        "static initializer of fixture.C reaches network and native library load",
        "static initializer of fixture.D reaches network and native library load",
        "static initializer of fixture.E reaches network and native library load",
        "java.sql.Driver service fixture.A, which DriverManager loads by itself: its static initializer reaches network and native library load",
        "java.sql.Driver service fixture.B, which DriverManager loads by itself: its static initializer reaches network and native library load");
  }
}
