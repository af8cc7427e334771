package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The compiled module descriptor of the policy: pure, so it reads neither HTTP nor storage, and
 * exports one package. Tests run on the class path, so this reads the real
 * {@code module-info.class} the build produced.
 */
class ModuleBoundaryTest {
  private static final List<String> HTTP_OR_STORAGE = List.of(
      "java.net.http", "jdk.httpserver", "java.sql", "java.naming", "io.netty", "com.zaxxer.hikari",
      "org.xerial.sqlitejdbc", "flyway", "org.flywaydb", "okhttp3");

  private static ModuleDescriptor policyDescriptor() throws Exception {
    Path classes = Path.of(Verdict.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  @Test
  void policyRequiresNoHttpAndNoStorageAndExportsOnePackage() throws Exception {
    ModuleDescriptor policy = policyDescriptor();

    assertThat(policy.name()).isEqualTo("dev.gatehouse.policy");
    assertThat(policy.requires()).extracting(ModuleDescriptor.Requires::name)
        .contains("dev.gatehouse.analyzer")
        .noneMatch(name -> HTTP_OR_STORAGE.stream()
            .anyMatch(p -> name.equals(p) || name.startsWith(p + ".")));
    assertThat(policy.exports().stream()
            .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
        .containsExactly("dev.gatehouse.policy");
  }
}
