package dev.gatehouse.analyzer.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.fixtures.JarFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which code counts as reached from an entry point, and which deliberately does not. */
class ReachabilityTest {
  @TempDir Path tmp;

  private static final String SPAWNER = """
      package fixture;
      public class Spawner implements Task {
        public static void spawn() {
          try { Runtime.getRuntime().exec("true"); } catch (Exception e) { }
        }
        public void run() { spawn(); }
      }
      """;
  private static final String TASK = "package fixture; public interface Task extends Runnable { void run(); }";

  private List<CodeFinding> boot(String body) throws Exception {
    Path jar = JarFixture.builder().javaSource("fixture/Spawner", SPAWNER).javaSource("fixture/Task", TASK)
        .javaSource("fixture/Boot", """
            package fixture;
            public class Boot {
              static {
            %s
              }
              static Task pick() { return null; }
            }
            """.formatted(body)).build(tmp);
    return JarAnalysis.of(jar).code();
  }

  @Test
  void staticCallsIntoOtherClassesOfTheJarAreFollowed() throws Exception {
    assertThat(boot("Spawner.spawn();")).singleElement().satisfies(f -> {
      assertThat(f.summary()).isEqualTo("static initializer of fixture.Boot reaches process spawn");
      assertThat(f.evidence().path()).isEqualTo("fixture/Spawner.class");
    });
  }

  @Test
  void aVirtualCallOnAClassOfTheJarGoesToThatClassesMethod() throws Exception {
    assertThat(boot("new Spawner().run();")).singleElement()
        .satisfies(f -> assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN));
  }

  /** Following every implementation of an interface would glue a large library's unrelated code together. */
  @Test
  void anInterfaceCallIsNotGluedToEveryImplementationInTheJar() throws Exception {
    assertThat(boot("Task t = pick(); if (t != null) t.run();")).isEmpty();
  }

  @Test
  void aLambdaHandedToAThreadIsFollowedButOneThatIsOnlyCreatedIsNot() throws Exception {
    assertThat(boot("new Thread(() -> Spawner.spawn()).start();")).singleElement()
        .satisfies(f -> assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN));
    assertThat(boot("Runnable later = () -> Spawner.spawn();")).isEmpty();
  }

  @Test
  void anObjectHandedToAnExecutorOrAShutdownHookIsRun() throws Exception {
    assertThat(boot("java.util.concurrent.Executors.newSingleThreadExecutor().execute(new Spawner());"))
        .singleElement().satisfies(f -> assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN));
    assertThat(boot("Runtime.getRuntime().addShutdownHook(new Thread(Spawner::spawn));"))
        .singleElement().satisfies(f -> assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN));
  }

  @Test
  void aCallbackCreatedAndRunThroughAJdkInterfaceInTheSameMethodIsFollowed() throws Exception {
    assertThat(boot("Runnable r = new Runnable() { public void run() { Spawner.spawn(); } }; r.run();"))
        .singleElement().satisfies(f -> assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN));
    assertThat(boot("java.util.function.Supplier<Object> s = () -> { Spawner.spawn(); return null; }; s.get();"))
        .singleElement().satisfies(f -> assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN));
  }

  @Test
  void aMethodOfTheJarInvokedReflectivelyByConstantNameIsFollowed() throws Exception {
    List<CodeFinding> findings = jarWithBoot("Boot.class.getDeclaredMethod(\"stage2\").invoke(null);",
        "static void stage2() throws Exception { Runtime.getRuntime().exec(\"true\"); }");
    assertThat(findings).singleElement()
        .satisfies(f -> assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN));
  }

  @Test
  void aServiceThatInitializesAClassByConstantNameReachesItsStaticInitializer() throws Exception {
    Path jar = JarFixture.builder().service("java.sql.Driver", "fixture.Driver")
        .javaSource("fixture/Spawner", SPAWNER).javaSource("fixture/Task", TASK)
        .javaSource("fixture/Stage2", "package fixture; class Stage2 { static { Spawner.spawn(); } }")
        .javaSource("fixture/Driver", "package fixture; public class Driver { static { try { "
            + "Class.forName(\"fixture.Stage2\"); } catch (Exception e) { } } }")
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).filteredOn(f -> f.trigger() == Trigger.SERVICE_REGISTRATION)
        .singleElement().satisfies(f -> assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN));
  }

  @Test
  void startingAThreadSubclassRunsItsRunMethod() throws Exception {
    Path jar = JarFixture.builder().javaSource("fixture/Spawner", SPAWNER).javaSource("fixture/Task", TASK)
        .javaSource("fixture/Worker", "package fixture; public class Worker extends Thread { public void run() { Spawner.spawn(); } }")
        .javaSource("fixture/Boot", "package fixture; public class Boot { static { new Worker().start(); } }")
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).filteredOn(f -> f.summary().contains("fixture.Boot")).singleElement()
        .satisfies(f -> assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN));
  }

  @Test
  void aSocketSubclassOfTheJarIsStillANetworkConnection() throws Exception {
    Path jar = JarFixture.builder()
        .javaSource("fixture/Wire", "package fixture; public class Wire extends java.net.Socket { }")
        .javaSource("fixture/Boot", """
            package fixture;
            public class Boot { static { try { new Wire().connect(new java.net.InetSocketAddress(
                java.net.InetAddress.getLoopbackAddress(), 1)); } catch (Exception e) { } } }
            """)
        .build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement().satisfies(f -> {
      assertThat(f.capabilities()).containsExactly(Capability.NETWORK);
      assertThat(f.evidence().excerpt()).isEqualTo("java/net/Socket.connect");
    });
  }

  @Test
  void aServiceReachesTheStaticInitializersOfTheClassesItUses() throws Exception {
    Path jar = JarFixture.builder().service("java.sql.Driver", "fixture.Driver")
        .javaSource("fixture/Spawner", SPAWNER).javaSource("fixture/Task", TASK)
        .javaSource("fixture/Settings", "package fixture; public class Settings { static final Object X = init(); "
            + "static Object init() { Spawner.spawn(); return new Object(); } public static int port() { return 1; } }")
        .javaSource("fixture/Driver", "package fixture; public class Driver { public Driver() { Settings.port(); } }")
        .build(tmp);
    List<CodeFinding> findings = JarAnalysis.of(jar).code();
    assertThat(findings).filteredOn(f -> f.trigger() == Trigger.SERVICE_REGISTRATION).singleElement().satisfies(f -> {
      assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN);
      assertThat(f.summary()).endsWith("its constructor reaches process spawn");
    });
    assertThat(findings).filteredOn(f -> f.trigger() == Trigger.STATIC_INITIALIZER).singleElement()
        .satisfies(f -> assertThat(f.summary()).isEqualTo("static initializer of fixture.Settings reaches process spawn"));
  }

  @Test
  void aPathHandedToAHelperIsJudgedByWhatTheCallerPasses() throws Exception {
    String helper = "static void save(java.nio.file.Path p) throws Exception { java.nio.file.Files.write(p, new byte[1]); }";
    assertThat(jarWithBoot("save(java.nio.file.Path.of(System.getProperty(\"user.home\"), \".profile\"));", helper))
        .singleElement().satisfies(f -> assertThat(f.capabilities()).containsExactly(Capability.FILESYSTEM_WRITE));
    assertThat(jarWithBoot("save(java.nio.file.Path.of(\"build\", \"out.bin\"));", helper)).isEmpty();
  }

  @Test
  void callsDeeperThanTheLimitAreNotFollowedAndTheHorizonIsRecorded() throws Exception {
    Path jar = JarFixture.builder().javaSource("fixture/Chain", """
        package fixture;
        public class Chain {
          static { a(); }
          static void a() { b(); }
          static void b() { c(); }
          static void c() { System.loadLibrary("deep"); }
        }
        """).build(tmp);
    AnalysisLimits shallow = JarAnalysis.limits(100_000, 2, 3, Duration.ofSeconds(60));
    assertThat(JarAnalysis.of(jar, shallow).code()).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.INFO);
      assertThat(f.summary()).isEqualTo(
          "calls from 1 entry point were followed 2 deep (limits.maxCallDepth) and no deeper: fixture.Chain");
    });
    assertThat(JarAnalysis.of(jar).code()).singleElement()
        .satisfies(f -> assertThat(f.capabilities()).containsExactly(Capability.NATIVE_LOAD));
  }

  @Test
  void recursionAndCyclesEndTheWalk() throws Exception {
    Path jar = JarFixture.builder().javaSource("fixture/Loop", """
        package fixture;
        public class Loop {
          static { ping(3); }
          static void ping(int n) { if (n > 0) pong(n - 1); }
          static void pong(int n) { ping(n); System.loadLibrary("loop"); }
        }
        """).build(tmp);
    assertThat(JarAnalysis.of(jar).code()).singleElement()
        .satisfies(f -> assertThat(f.capabilities()).containsExactly(Capability.NATIVE_LOAD));
  }

  private List<CodeFinding> jarWithBoot(String body, String members) throws Exception {
    Path jar = JarFixture.builder().javaSource("fixture/Boot", """
        package fixture;
        public class Boot {
          static { try { %s } catch (Exception e) { } }
          %s
        }
        """.formatted(body, members)).build(tmp);
    return JarAnalysis.of(jar).code();
  }
}
