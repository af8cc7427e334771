package dev.gatehouse.policy;

import static dev.gatehouse.analyzer.Capability.CREDENTIAL_READ;
import static dev.gatehouse.analyzer.Capability.DYNAMIC_CODE;
import static dev.gatehouse.analyzer.Capability.ENCODED_PAYLOAD;
import static dev.gatehouse.analyzer.Capability.ENVIRONMENT_READ;
import static dev.gatehouse.analyzer.Capability.FILESYSTEM_WRITE;
import static dev.gatehouse.analyzer.Capability.NETWORK;
import static dev.gatehouse.analyzer.Capability.OBFUSCATION;
import static dev.gatehouse.analyzer.Capability.PROCESS_SPAWN;
import static dev.gatehouse.analyzer.Severity.CRITICAL;
import static dev.gatehouse.analyzer.Severity.HIGH;
import static dev.gatehouse.analyzer.Severity.INFO;
import static dev.gatehouse.analyzer.Severity.LOW;
import static dev.gatehouse.analyzer.Severity.MEDIUM;
import static dev.gatehouse.policy.Findings.NOW;
import static dev.gatehouse.policy.Findings.analysis;
import static dev.gatehouse.policy.Findings.archive;
import static dev.gatehouse.policy.Findings.code;
import static dev.gatehouse.policy.Findings.maven;
import static dev.gatehouse.policy.Findings.npm;
import static dev.gatehouse.policy.Findings.npmScript;
import static dev.gatehouse.policy.Findings.pypi;
import static dev.gatehouse.policy.Findings.staticInitializer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Trigger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each rule of the embedded default policy fires on the finding shape it targets and not on its benign twin. */
class DefaultRulesTest {
  private final Policy policy = Policy.defaults();

  private Verdict decide(PackageRef ref, Finding... findings) {
    return policy.decide(ref, analysis(findings), PackageFacts.none(), List.of(), NOW);
  }

  @Test
  void defaultRulesAreTriedInTheDocumentedOrder() {
    assertThat(policy.rules()).extracting(Rule::name).containsExactly(
        "hostile-archive", "exfiltration", "encoded-payload-execution", "install-hook-exfiltration",
        "service-spawns-process", "startup-hook-payload", "unreadable-archive", "build-time-code",
        "install-time-code", "import-time-code", "version-change", "remote-code-at-load", "critical-finding");
  }

  @Test
  void everyArchiveProblemIsHeldByADefaultRuleSoNoBrokenArchiveIsAllowed() {
    for (ArchiveProblem problem : ArchiveProblem.values()) {
      if (problem == ArchiveProblem.LARGE_BINARY) {
        continue; // an observation about a readable archive, not a broken one: see the test below
      }
      Verdict verdict = decide(maven("org.example:lib", "1.0"), archive(problem, "lib/x.class"));
      assertThat(verdict.decision()).as(problem.key()).isNotEqualTo(Decision.ALLOW);
    }
  }

  /** Issue 18: npm platform packages (biome, turbo, bun) were held as unreadable for their executable. */
  @Test
  void aLargeNativeBinaryIsReportedButNotHeld() {
    ArchiveFinding binary = new ArchiveFinding(ArchiveProblem.LARGE_BINARY, Severity.LOW,
        "ELF executable of 100221880 bytes, over 16777216 (limits.maxEntryBytes); not analyzed",
        Evidence.of("package/biome", "", "ELF executable, 100221880 bytes"));
    assertThat(decide(npm("@biomejs/cli-linux-x64", "2.6.9"), binary).decision()).isEqualTo(Decision.ALLOW);
  }

  @Test
  void artifactWithoutFindingsIsAllowed() {
    assertThat(decide(maven("org.example:lib", "1.0"))).isEqualTo(Verdict.allow("no-blocking-findings"));
  }

  @ParameterizedTest
  @EnumSource(value = ArchiveProblem.class, names = {"PATH_TRAVERSAL", "BOMB", "DIGEST_MISMATCH"})
  void hostileArchiveIsBlocked(ArchiveProblem problem) {
    Verdict verdict = decide(npm("left-pad", "1.3.0"), archive(problem, "package/../../x"));
    assertThat(verdict.decision()).isEqualTo(Decision.BLOCK);
    assertThat(verdict.rule()).isEqualTo("hostile-archive");
  }

  @ParameterizedTest
  @EnumSource(value = ArchiveProblem.class, names = {"PATH_TRAVERSAL", "BOMB", "DIGEST_MISMATCH", "LARGE_BINARY"},
      mode = EnumSource.Mode.EXCLUDE)
  void archiveThatCannotBeFullyReadIsQuarantinedNotBlocked(ArchiveProblem problem) {
    Verdict verdict = decide(npm("left-pad", "1.3.0"), archive(problem, "package/index.js"));
    assertThat(verdict.decision()).isEqualTo(Decision.QUARANTINE);
    assertThat(verdict.rule()).isEqualTo("unreadable-archive");
  }

  @Test
  void pathTraversalVerdictNamesTheEntry() {
    assertThat(decide(npm("left-pad", "1.3.0"), archive(ArchiveProblem.PATH_TRAVERSAL, "package/../../.bashrc")))
        .isEqualTo(Verdict.block("hostile-archive",
            "entry name escapes the archive (package/../../.bashrc): entry name escapes the archive: package/../../.bashrc"));
  }

  @Test
  void staticInitializerSendingCredentialsOverTheNetworkIsBlockedAsExfiltration() {
    assertThat(decide(maven("org.example:beacon", "1.0"),
        staticInitializer("fixture.Beacon", CRITICAL, CREDENTIAL_READ, NETWORK)))
        .isEqualTo(Verdict.block("exfiltration",
            "static initializer of fixture.Beacon (fixture/Beacon.class) reaches network and credential-file read"));
  }

  @Test
  void credentialReadWithoutNetworkIsNotExfiltration() {
    // A plugin reading ~/.m2/settings.xml for its server credentials is normal.
    assertThat(decide(maven("org.example:lib", "1.0"), staticInitializer("fixture.Settings", MEDIUM, CREDENTIAL_READ)))
        .isEqualTo(Verdict.allow("no-blocking-findings"));
    assertThat(decide(maven("org.example:lib", "1.0"), staticInitializer("fixture.Client", MEDIUM, NETWORK)))
        .isEqualTo(Verdict.allow("no-blocking-findings"));
  }

  @Test
  void exfiltrationIsBlockedFromAnyTrigger() {
    for (Trigger trigger : Trigger.values()) {
      Verdict verdict = decide(npm("x", "1.0.0"), code(trigger, HIGH, "package/index.js", "line 1", CREDENTIAL_READ, NETWORK));
      assertThat(verdict.decision()).as(trigger.key()).isEqualTo(Decision.BLOCK);
    }
  }

  @Test
  void encodedPayloadFedToDynamicCodeIsBlocked() {
    Verdict verdict = decide(npm("x", "1.0.0"),
        code(Trigger.IMPORT_TIME, HIGH, "package/index.js", "line 3", ENCODED_PAYLOAD, DYNAMIC_CODE));
    assertThat(verdict).isEqualTo(Verdict.block("encoded-payload-execution",
        "module import-time code (package/index.js line 3) reaches dynamic code and encoded payload"));
  }

  @Test
  void dynamicCodeAloneIsAllowedBecauseMinifiedBundlesUseFunction() {
    assertThat(decide(npm("x", "1.0.0"), code(Trigger.IMPORT_TIME, MEDIUM, "package/dist/x.min.js", "line 1", DYNAMIC_CODE)))
        .isEqualTo(Verdict.allow("no-blocking-findings"));
  }

  @ParameterizedTest
  @EnumSource(value = Trigger.class,
      names = {"NPM_LIFECYCLE_SCRIPT", "IMPLICIT_NATIVE_BUILD", "SETUP_SCRIPT", "BUILD_BACKEND", "STARTUP_HOOK"})
  void installOrStartupHookReadingEnvironmentAndNetworkIsBlocked(Trigger trigger) {
    Verdict verdict = decide(npm("x", "1.0.0"), code(trigger, HIGH, "package/install.js", "line 1", ENVIRONMENT_READ, NETWORK));
    assertThat(verdict.decision()).isEqualTo(Decision.BLOCK);
    assertThat(verdict.rule()).isIn("install-hook-exfiltration", "startup-hook-payload");
    if (trigger != Trigger.STARTUP_HOOK) {
      assertThat(verdict.rule()).isEqualTo("install-hook-exfiltration");
    }
  }

  @Test
  void importTimeCodeReadingEnvironmentAndNetworkIsHeldForReviewButNotBlockedLikeAnInstallHook() {
    // A module that reads PORT and listens when required is import-time code, not an install hook: a
    // person looks (import-time-code), nothing blocks it outright.
    Finding server = code(Trigger.IMPORT_TIME, HIGH, "package/server.js", "line 1", ENVIRONMENT_READ, NETWORK);
    assertThat(decide(npm("x", "1.0.0"), server)).isEqualTo(Verdict.quarantine("import-time-code",
        "module import-time code (package/server.js line 1) reaches network and environment read"));
  }

  @Test
  void loadTimeCodeRatedMediumOrFromTheJvmIsNotHeldByTheImportTimeRule() {
    // esbuild starting its service at load: a spawn alone rates medium.
    Finding spawn = code(Trigger.IMPORT_TIME, MEDIUM, "package/lib/main.js", "line 2272", PROCESS_SPAWN);
    assertThat(decide(npm("x", "1.0.0"), spawn)).isEqualTo(Verdict.allow("no-blocking-findings"));
    // The JVM's load-time code has rules of its own; a Spring auto-configuration rated high is not held here.
    Finding jvm = code(Trigger.PLUGIN_ENTRY_POINT, HIGH, "x/AutoConfig.class", "x.AutoConfig#<init>", NETWORK);
    assertThat(decide(maven("org.example:x", "1.0"), jvm).rule()).isNotEqualTo("import-time-code");
  }

  @Test
  void autoLoadedServiceSpawningAProcessIsBlocked() {
    Finding driver = code(Trigger.SERVICE_REGISTRATION, HIGH, "fixture/Driver.class", "fixture.Driver#<clinit>", PROCESS_SPAWN);
    assertThat(decide(maven("org.example:driver", "1.0"), driver)).isEqualTo(Verdict.block("service-spawns-process",
        "auto-loaded service of fixture.Driver (fixture/Driver.class) reaches process spawn from its static initializer"));
  }

  @Test
  void autoLoadedCodeThatFetchesAndRunsCodeFromTheNetworkIsQuarantined() {
    Finding starter = code(Trigger.PLUGIN_ENTRY_POINT, HIGH, "fixture/Starter.class", "fixture.Starter#<init>",
        NETWORK, DYNAMIC_CODE);
    assertThat(decide(maven("org.example:starter", "1.0"), starter).rule()).isEqualTo("remote-code-at-load");
    assertThat(decide(maven("org.example:starter", "1.0"), staticInitializer("fixture.Lib", HIGH, NETWORK)))
        .isEqualTo(Verdict.allow("no-blocking-findings"));
  }

  @Test
  void staticInitializerOfAClassNoOneAutoLoadsMaySpawnAProcess() {
    assertThat(decide(maven("org.example:lib", "1.0"), staticInitializer("fixture.Tool", MEDIUM, PROCESS_SPAWN)))
        .isEqualTo(Verdict.allow("no-blocking-findings"));
  }

  @ParameterizedTest
  @EnumSource(value = Capability.class, names = {"NETWORK", "CREDENTIAL_READ", "PROCESS_SPAWN", "ENCODED_PAYLOAD"})
  void startupHookReachingNetworkSecretsProcessesOrPayloadsIsBlocked(Capability capability) {
    Finding pth = code(Trigger.STARTUP_HOOK, HIGH, "litellm_init.pth", "line 1", capability);
    Verdict verdict = decide(pypi("litellm", "1.82.8"), pth);
    assertThat(verdict).isEqualTo(Verdict.block("startup-hook-payload",
        "interpreter startup hook (litellm_init.pth line 1) reaches " + capability.label()));
  }

  @Test
  void setuptoolsDistutilsPrecedencePthRatedLowIsAllowed() {
    Finding pth = code(Trigger.STARTUP_HOOK, LOW, "distutils-precedence.pth", "line 1");
    assertThat(decide(pypi("setuptools", "80.0.0"), pth)).isEqualTo(Verdict.allow("no-blocking-findings"));
  }

  @Test
  void startupHookWritingFilesIsQuarantinedNotBlocked() {
    Finding pth = code(Trigger.STARTUP_HOOK, MEDIUM, "x.pth", "line 1", FILESYSTEM_WRITE);
    assertThat(decide(pypi("x", "1.0"), pth).decision()).isEqualTo(Decision.QUARANTINE);
    assertThat(decide(pypi("x", "1.0"), pth).rule()).isEqualTo("install-time-code");
  }

  @ParameterizedTest
  @EnumSource(value = Trigger.class, names = {"ANNOTATION_PROCESSOR", "JAVA_AGENT", "BUILD_PLUGIN"})
  void buildTimeCodeOfAnUntrustedPackageIsQuarantinedFromMediumOn(Trigger trigger) {
    // The JVM analyzer rates every build-time entry point medium or more, whatever it reaches.
    Finding finding = code(trigger, MEDIUM, "META-INF/MANIFEST.MF", "");
    Verdict verdict = decide(maven("com.example:codegen", "2.0"), finding);
    assertThat(verdict).isEqualTo(Verdict.quarantine("build-time-code",
        trigger.label() + " (META-INF/MANIFEST.MF): " + finding.summary()));
  }

  @Test
  void aLintRegistryRatedLowBecauseItReachesNothingSensitivePasses() {
    Finding lint = code(Trigger.BUILD_PLUGIN, LOW, "lint.jar!/META-INF/services/com.android.tools.lint.client.api.IssueRegistry",
        "com.example.lint.Registry#<init>");
    assertThat(decide(maven("com.example:ui", "1.0"), lint).decision()).isEqualTo(Decision.ALLOW);
  }

  @Test
  void annotationProcessorFromAnUntrustedGroupIsQuarantined() {
    Finding processor = code(Trigger.ANNOTATION_PROCESSOR, MEDIUM,
        "META-INF/services/javax.annotation.processing.Processor", "com.example.codegen.Processor#<init>");
    Verdict verdict = decide(maven("com.example:codegen", "2.0"), processor);
    assertThat(verdict.decision()).isEqualTo(Decision.QUARANTINE);
    assertThat(verdict.rule()).isEqualTo("build-time-code");
    assertThat(verdict.reasons()).containsExactly("annotation processor of com.example.codegen.Processor"
        + " (META-INF/services/javax.annotation.processing.Processor): " + processor.summary());
  }

  @Test
  void installScriptOfMediumSeverityIsQuarantined() {
    assertThat(decide(npm("x", "1.0.0"), npmScript("postinstall", MEDIUM, PROCESS_SPAWN)))
        .isEqualTo(Verdict.quarantine("install-time-code",
            "npm lifecycle script (package/package.json scripts.postinstall) reaches process spawn"));
  }

  @Test
  void wellKnownBenignInstallFormsRatedLowAreAllowedOnAnalysis() {
    Finding nodeGyp = code(Trigger.IMPLICIT_NATIVE_BUILD, LOW, "package/binding.gyp", "", PROCESS_SPAWN);
    Finding prebuild = npmScript("install", LOW, PROCESS_SPAWN);
    Finding setup = code(Trigger.SETUP_SCRIPT, LOW, "x-1.0/setup.py", "line 3");
    assertThat(decide(npm("x", "1.0.0"), nodeGyp, prebuild)).isEqualTo(Verdict.allow("no-blocking-findings"));
    assertThat(decide(pypi("x", "1.0"), setup)).isEqualTo(Verdict.allow("no-blocking-findings"));
  }

  @Test
  void setupScriptAndInTreeBuildBackendOfMediumSeverityAreQuarantined() {
    Finding setup = code(Trigger.SETUP_SCRIPT, MEDIUM, "x-1.0/setup.py", "line 9", PROCESS_SPAWN);
    Finding backend = code(Trigger.BUILD_BACKEND, MEDIUM, "x-1.0/_build/backend.py", "line 1", FILESYSTEM_WRITE);
    assertThat(decide(pypi("x", "1.0"), setup).rule()).isEqualTo("install-time-code");
    assertThat(decide(pypi("x", "1.0"), backend).rule()).isEqualTo("install-time-code");
  }

  @Test
  void versionThatAddsAnInstallScriptIsQuarantinedButANewRegistryDependencyIsOnlyContext() {
    Finding change = code(Trigger.VERSION_CHANGE, MEDIUM, "package/package.json", "scripts.postinstall");
    assertThat(decide(npm("x", "1.0.1"), change)).isEqualTo(Verdict.quarantine("version-change",
        "change from earlier versions (package/package.json scripts.postinstall): " + change.summary()));
    Finding dependency = code(Trigger.VERSION_CHANGE, LOW, "", "versions[\"1.0.1\"].dependencies.y");
    assertThat(decide(npm("x", "1.0.1"), dependency)).isEqualTo(Verdict.allow("no-blocking-findings"));
  }

  @Test
  void criticalFindingOfAnyOtherShapeIsQuarantinedButTheSameFindingRatedHighIsAllowed() {
    Finding critical = staticInitializer("x.Lib", CRITICAL, OBFUSCATION);
    Finding high = staticInitializer("x.Lib", HIGH, OBFUSCATION);
    assertThat(decide(maven("com.example:x", "1.0"), critical)).isEqualTo(Verdict.quarantine("critical-finding",
        "static initializer of x.Lib (x/Lib.class) reaches obfuscated code"));
    assertThat(decide(maven("com.example:x", "1.0"), high)).isEqualTo(Verdict.allow("no-blocking-findings"));
  }

  @Test
  void pythonImportTimeOrPluginCodeRatedHighIsQuarantinedAndMediumIsAllowed() {
    Finding dropper = code(Trigger.IMPORT_TIME, HIGH, "x/__init__.py", "line 3", NETWORK, PROCESS_SPAWN);
    assertThat(decide(pypi("x", "1.0"), dropper)).isEqualTo(Verdict.quarantine("import-time-code",
        "module import-time code (x/__init__.py line 3) reaches process spawn and network"));
    Finding plugin = code(Trigger.PLUGIN_ENTRY_POINT, HIGH, "x/plugin.py", "line 2", OBFUSCATION);
    assertThat(decide(pypi("x", "1.0"), plugin).rule()).isEqualTo("import-time-code");
    // `git describe` for a version, a probe socket: one capability at import is what libraries do
    Finding version = code(Trigger.IMPORT_TIME, MEDIUM, "x/__init__.py", "line 3", PROCESS_SPAWN);
    assertThat(decide(pypi("x", "1.0"), version)).isEqualTo(Verdict.allow("no-blocking-findings"));
  }

  @Test
  void mostRestrictiveMatchWinsAndOnlyItsFindingsAreReasons() {
    Verdict verdict = decide(maven("com.example:x", "1.0"),
        code(Trigger.ANNOTATION_PROCESSOR, MEDIUM, "META-INF/services/javax.annotation.processing.Processor", "x.P#<init>"),
        staticInitializer("x.Beacon", CRITICAL, CREDENTIAL_READ, NETWORK));
    assertThat(verdict).isEqualTo(Verdict.block("exfiltration",
        "static initializer of x.Beacon (x/Beacon.class) reaches network and credential-file read"));
  }

  @Test
  void tieBetweenQuarantineRulesGoesToTheFirstRuleInFileOrder() {
    // Matches install-time-code (medium or more) and critical-finding; install-time-code comes first.
    Verdict verdict = decide(npm("x", "1.0.0"), npmScript("preinstall", CRITICAL, FILESYSTEM_WRITE));
    assertThat(verdict.rule()).isEqualTo("install-time-code");
    assertThat(verdict.reasons()).hasSize(1);
  }

  @Test
  void metadataFindingsAreJudgedLikeTheArtifactsOwn() {
    PackageFacts facts = new PackageFacts(Optional.empty(),
        List.of(code(Trigger.VERSION_CHANGE, MEDIUM, "package/package.json", "scripts.postinstall")));
    assertThat(policy.decide(npm("x", "2.0.0"), analysis(), facts, List.of(), NOW).rule()).isEqualTo("version-change");

    PackageFacts hostile = new PackageFacts(Optional.empty(),
        List.of(npmScript("postinstall", CRITICAL, ENVIRONMENT_READ, NETWORK)));
    assertThat(policy.decide(npm("x", "2.0.0"), analysis(), hostile, List.of(), NOW).rule())
        .isEqualTo("install-hook-exfiltration");
  }

  @Test
  void reasonsListTheDecidingRulesFindingsFirst() {
    Verdict verdict = decide(npm("x", "1.0.0"),
        npmScript("postinstall", MEDIUM, PROCESS_SPAWN),
        code(Trigger.IMPORT_TIME, CRITICAL, "package/a.js", "line 1", OBFUSCATION),
        code(Trigger.VERSION_CHANGE, MEDIUM, "package/package.json", "scripts.postinstall"));
    assertThat(verdict.rule()).isEqualTo("install-time-code");
    assertThat(verdict.reasons()).hasSize(3);
    assertThat(verdict.reasons().get(0)).startsWith("npm lifecycle script");
    // then the other holds in rule order: import-time-code before version-change
    assertThat(verdict.reasons().get(1)).startsWith("module import-time code");
    assertThat(verdict.reasons().get(2)).startsWith("change from earlier versions");
  }

  @Test
  void installScriptTheRecentReleasesAllRanIsEstablishedAndPassesTheRulesTrustMayLift() {
    Finding hook = npmScript("postinstall", HIGH, PROCESS_SPAWN, NETWORK);
    PackageFacts established = new PackageFacts(Optional.empty(), List.of(), List.of("postinstall: inert excerpt"));
    Verdict verdict = policy.decide(npm("bun", "1.4.5"), analysis(hook), established, List.of(), NOW);
    assertThat(verdict).isEqualTo(new Verdict(Decision.ALLOW, "established-behaviour", List.of(
        "postinstall (`inert excerpt`) is unchanged from the releases before this one, so rule install-time-code"
            + " does not hold it")));
    // Without the packument, or with another command, the same hook is held.
    assertThat(decide(npm("bun", "1.4.5"), hook).rule()).isEqualTo("install-time-code");
    PackageFacts other = new PackageFacts(Optional.empty(), List.of(), List.of("postinstall: node other.js"));
    assertThat(policy.decide(npm("bun", "1.4.5"), analysis(hook), other, List.of(), NOW).rule())
        .isEqualTo("install-time-code");
  }

  @Test
  void anEstablishedHookStillMeetsTheBlockRules() {
    Finding hook = npmScript("postinstall", CRITICAL, ENVIRONMENT_READ, NETWORK);
    PackageFacts established = new PackageFacts(Optional.empty(), List.of(), List.of("postinstall: inert excerpt"));
    assertThat(policy.decide(npm("x", "2.0.0"), analysis(hook), established, List.of(), NOW))
        .satisfies(v -> assertThat(v.decision()).isEqualTo(Decision.BLOCK))
        .satisfies(v -> assertThat(v.rule()).isEqualTo("install-hook-exfiltration"));
  }
}
