package dev.gatehouse.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.gate.Gate;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The compiled module descriptor of the core: the gate and its ports reach neither the HTTP server
 * nor the configuration records, so a registry or a configuration change cannot leak into how an
 * artifact is fetched, verified and judged. Tests run on the class path, so this reads the real
 * {@code module-info.class} the build produced.
 */
class ModuleBoundaryTest {
  private static final List<String> SERVER_OR_CONFIG = List.of(
      "io.netty", "dev.gatehouse.config", "dev.gatehouse.proxy", "info.picocli", "jdk.httpserver");

  private static ModuleDescriptor coreDescriptor() throws Exception {
    Path classes = Path.of(Gate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  @Test
  void coreRequiresNoHttpServerAndNoConfigurationRecords() throws Exception {
    ModuleDescriptor core = coreDescriptor();

    assertThat(core.name()).isEqualTo("dev.gatehouse.core");
    assertThat(core.requires()).extracting(ModuleDescriptor.Requires::name)
        .contains("dev.gatehouse.policy", "dev.gatehouse.analyzer")
        .noneMatch(name -> SERVER_OR_CONFIG.stream()
            .anyMatch(p -> name.equals(p) || name.startsWith(p + ".")));
  }

  @Test
  void coreExportsTheGateAndItsPortsOnly() throws Exception {
    assertThat(coreDescriptor().exports().stream()
            .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("dev.gatehouse.core.gate", "dev.gatehouse.core.store",
            "dev.gatehouse.core.upstream", "dev.gatehouse.core.metadata",
            "dev.gatehouse.core.quarantine", "dev.gatehouse.core.audit", "dev.gatehouse.core.identity");
  }
}
