package dev.gatehouse.analyzer.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.Deadline;
import dev.gatehouse.analyzer.fixtures.JarFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Archives built to break or fool the analysis: each becomes a finding, never an exception or a clean result. */
class HostileJarsTest {
  @TempDir Path tmp;

  private static final String BOOT = "package fixture; public class Boot { static { System.loadLibrary(\"x\"); } }";

  @Test
  void truncatedJarIsMalformed() throws Exception {
    byte[] whole = JarFixture.builder().javaSource("fixture/Boot", BOOT).resource("pad.bin", new byte[4000]).toBytes();
    Path cut = Files.write(tmp.resolve("cut.jar"), Arrays.copyOf(whole, whole.length / 2));
    assertThat(JarAnalysis.of(cut).archive()).extracting(ArchiveFinding::problem).contains(ArchiveProblem.MALFORMED);
  }

  /** Entries the analysis never reads (resources) cannot hurt it; a class or a nested jar is read, and counted. */
  @Test
  void zipBombStopsTheAnalysisWithABombFinding() throws Exception {
    Path jar = JarFixture.builder().javaSource("fixture/Boot", BOOT)
        .nested("lib/bomb.jar", JarFixture.builder().resource("zeros/inner.jar", new byte[96 << 20]))
        .build(tmp);
    assertThat(JarAnalysis.of(jar).archive()).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.BOMB);
      assertThat(f.summary()).contains("limits.maxCompressionRatio");
    });
  }

  @Test
  void entryThatClimbsOutOfTheArchiveIsATraversalFinding() throws Exception {
    Path jar = JarFixture.builder().javaSource("fixture/Boot", BOOT).resource("../../etc/cron.d/fixture", "* * * * * true")
        .build(tmp);
    assertThat(JarAnalysis.of(jar).archive()).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.PATH_TRAVERSAL);
      assertThat(f.evidence().path()).isEqualTo("../../etc/cron.d/fixture");
    });
  }

  @Test
  void jarsNestedDeeperThanTheLimitAreATooDeepFinding() throws Exception {
    JarFixture.Builder jar = JarFixture.builder().javaSource("fixture/Boot", BOOT);
    for (int level = 0; level < 5; level++) {
      jar = JarFixture.builder().nested("lib/level" + level + ".jar", jar);
    }
    JarAnalysis analysis = JarAnalysis.of(jar.build(tmp));
    assertThat(analysis.archive()).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.TOO_DEEP);
      assertThat(f.evidence().path()).isEqualTo("lib/level4.jar!/lib/level3.jar!/lib/level2.jar!/lib/level1.jar");
    });
    assertThat(analysis.code()).isEmpty();
  }

  @Test
  void classFileThatIsNotOneIsUnreadableAndTheOtherClassesAreStillAnalyzed() throws Exception {
    Path jar = JarFixture.builder().javaSource("fixture/Boot", BOOT)
        .resource("fixture/Fake.class", "<html>not a class</html>")
        .resource("fixture/Broken.class", new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 52, 0x7f, 1, 2})
        .build(tmp);
    JarAnalysis analysis = JarAnalysis.of(jar);
    assertThat(analysis.archive()).extracting(ArchiveFinding::problem, f -> f.evidence().path()).containsExactly(
        tuple(ArchiveProblem.UNREADABLE_ENTRY, "fixture/Fake.class"),
        tuple(ArchiveProblem.UNREADABLE_ENTRY, "fixture/Broken.class"));
    assertThat(analysis.archive().get(0).summary()).isEqualTo("not a class file (no 0xCAFEBABE header)");
    assertThat(analysis.archive().get(1).summary()).startsWith("class file could not be parsed: ");
    assertThat(analysis.code()).singleElement()
        .satisfies(f -> assertThat(f.capabilities()).containsExactly(Capability.NATIVE_LOAD));
  }

  @Test
  void classFileFromAFutureJavaIsUnreadableRatherThanClean() throws Exception {
    ClassWriter writer = new ClassWriter(0);
    writer.visit(99, Opcodes.ACC_PUBLIC, "fixture/Future", null, "java/lang/Object", null);
    writer.visitEnd();
    Path jar = JarFixture.builder().resource("fixture/Future.class", writer.toByteArray()).build(tmp);
    assertThat(JarAnalysis.of(jar).archive()).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.UNREADABLE_ENTRY);
      assertThat(f.summary()).contains("Unsupported class file major version 99");
    });
  }

  @Test
  void moreClassesThanTheLimitIsAnAnalysisLimitFinding() throws Exception {
    JarFixture.Builder fixture = JarFixture.builder();
    for (int i = 0; i < 5; i++) {
      fixture.javaSource("fixture/C" + i, "package fixture; public class C" + i + " { }");
    }
    AnalysisLimits three = JarAnalysis.limits(3, 12, 3, Duration.ofSeconds(60));
    assertThat(JarAnalysis.of(fixture.build(tmp), three).archive()).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.ANALYSIS_LIMIT);
      assertThat(f.summary()).isEqualTo(
          "more than 3 classes (limits.maxClasses); this class and the ones after it were not analyzed");
    });
  }

  @Test
  void registeringMoreClassesThanTheLimitIsAnAnalysisLimitFinding() throws Exception {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      names.append("fixture.Gen").append(i).append('\n');
    }
    Path jar = JarFixture.builder().resource("META-INF/services/javax.annotation.processing.Processor", names.toString())
        .build(tmp);
    JarAnalysis analysis = JarAnalysis.of(jar, JarAnalysis.limits(4, 12, 3, Duration.ofSeconds(60)));
    assertThat(analysis.archive()).singleElement().satisfies(f -> assertThat(f.summary())
        .isEqualTo("registers more than 4 classes (limits.maxClasses); the rest were not analyzed"));
    assertThat(analysis.code()).singleElement().satisfies(f -> assertThat(f.summary()).isEqualTo(
        "4 annotation processors and javac plugins run inside the build: fixture.Gen0, fixture.Gen1, fixture.Gen2 and 1 more"));
  }

  @Test
  void runningOutOfTimeIsAnAnalysisLimitFinding() throws Exception {
    Path jar = JarFixture.builder().javaSource("fixture/Boot", BOOT).javaSource("fixture/Other", BOOT.replace("Boot", "Other"))
        .build(tmp);
    AtomicLong now = new AtomicLong();
    AnalysisLimits limits = AnalysisLimits.defaults();
    var findings = new JarAnalyzer().analyze(jar, limits, Deadline.after(Duration.ofSeconds(1), () -> now.addAndGet(400_000_000L)));
    assertThat(findings).filteredOn(ArchiveFinding.class::isInstance).singleElement()
        .satisfies(f -> assertThat(f.summary()).contains("limits.maxAnalysisTime"));
  }

  @Test
  void pluginDescriptorThatIsNotXmlIsUnreadable() throws Exception {
    Path jar = JarFixture.builder().resource("META-INF/maven/plugin.xml", "<plugin><mojos><mojo>").build(tmp);
    assertThat(JarAnalysis.of(jar).archive()).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.UNREADABLE_ENTRY);
      assertThat(f.evidence().path()).isEqualTo("META-INF/maven/plugin.xml");
    });
  }

  @Test
  void pluginDescriptorCannotMakeTheParserReadLocalFiles() throws Exception {
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "fixture.Leaked");
    Path jar = JarFixture.builder().resource("META-INF/maven/plugin.xml", """
        <?xml version="1.0"?>
        <!DOCTYPE plugin [ <!ENTITY leak SYSTEM "%s"> ]>
        <plugin><mojos><mojo><goal>x</goal><implementation>&leak;</implementation></mojo></mojos></plugin>
        """.formatted(secret.toUri())).build(tmp);
    JarAnalysis analysis = JarAnalysis.of(jar);
    assertThat(analysis.findings()).noneMatch(f -> f.summary().contains("fixture.Leaked"));
    assertThat(analysis.archive()).extracting(ArchiveFinding::problem).containsExactly(ArchiveProblem.UNREADABLE_ENTRY);
  }

  @Test
  void garbageInARegistrationFileNamesNoClass() throws Exception {
    Path jar = JarFixture.builder()
        .resource("META-INF/services/javax.annotation.processing.Processor", "../../evil\nrm -rf /\n\u0000x\n# only comments\n")
        .build(tmp);
    assertThat(JarAnalysis.of(jar).findings()).isEmpty();
  }

  /** javac cannot write a class that is its own superclass; a hostile jar can. */
  @Test
  void cyclicClassHierarchyEndsTheWalk() throws Exception {
    Path jar = JarFixture.builder()
        .resource("fixture/A.class", cyclic("fixture/A", "fixture/B"))
        .resource("fixture/B.class", cyclic("fixture/B", "fixture/A"))
        .build(tmp);
    assertThat(JarAnalysis.of(jar).findings()).isEmpty();
  }

  private static byte[] cyclic(String name, String superName) {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, superName, new String[] {name});
    MethodVisitor init = writer.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
    init.visitCode();
    init.visitInsn(Opcodes.ACONST_NULL);
    init.visitMethodInsn(Opcodes.INVOKEVIRTUAL, name, "missing", "()V", false);
    init.visitInsn(Opcodes.ACONST_NULL);
    init.visitMethodInsn(Opcodes.INVOKEINTERFACE, name, "absent", "()V", true);
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    writer.visitEnd();
    return writer.toByteArray();
  }
}
