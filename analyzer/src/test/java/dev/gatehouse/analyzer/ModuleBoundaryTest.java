package dev.gatehouse.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The compiled module descriptor of the analyzer: the compiler only enforces the boundary as long
 * as the descriptor leaves HTTP and storage out, so this reads the real {@code module-info.class}
 * the build produced (tests run on the class path, where the descriptor is not applied).
 */
class ModuleBoundaryTest {
  /** Module name prefixes that mean network serving, HTTP clients or storage. */
  static final List<String> HTTP_OR_STORAGE = List.of(
      "java.net.http", "jdk.httpserver", "java.sql", "java.naming", "io.netty", "com.zaxxer.hikari",
      "org.xerial.sqlitejdbc", "flyway", "org.flywaydb", "okhttp3");

  /** Reads the descriptor next to the classes of {@code type}'s code source. */
  static ModuleDescriptor descriptorOf(Class<?> type) throws IOException, URISyntaxException {
    Path classes = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  static boolean httpOrStorage(String moduleName) {
    return HTTP_OR_STORAGE.stream()
        .anyMatch(p -> moduleName.equals(p) || moduleName.startsWith(p + "."));
  }

  @Test
  void analyzerRequiresNoHttpAndNoStorage() throws Exception {
    ModuleDescriptor analyzer = descriptorOf(Analyzer.class);

    assertThat(analyzer.name()).isEqualTo("dev.gatehouse.analyzer");
    assertThat(analyzer.requires()).extracting(ModuleDescriptor.Requires::name)
        .contains("java.base")
        .noneMatch(ModuleBoundaryTest::httpOrStorage);
  }

  @Test
  void analyzerExportsOnlyItsApiAndWhatPolicyAndProxyImport() throws Exception {
    ModuleDescriptor analyzer = descriptorOf(Analyzer.class);

    assertThat(analyzer.exports().stream()
            .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(
            "dev.gatehouse.analyzer", "dev.gatehouse.analyzer.archive", "dev.gatehouse.analyzer.npm");
    assertThat(Class.forName("dev.gatehouse.analyzer.jvm.JarAnalyzer").getPackageName())
        .as("an ecosystem's internals are in the module but not exported")
        .isNotIn(analyzer.exports().stream().map(ModuleDescriptor.Exports::source).toList());
    assertThat(analyzer.opens()).isEmpty();
  }

  @Test
  void theCheckRecognizesHttpAndStorageModules() {
    assertThat(httpOrStorage("io.netty.codec.http")).isTrue();
    assertThat(httpOrStorage("java.sql")).isTrue();
    assertThat(httpOrStorage("org.xerial.sqlitejdbc")).isTrue();
    assertThat(httpOrStorage("java.xml")).isFalse();
    assertThat(httpOrStorage("com.fasterxml.jackson.databind")).isFalse();
  }
}
