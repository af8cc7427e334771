package dev.gatehouse.policy;

import static dev.gatehouse.analyzer.Capability.CREDENTIAL_READ;
import static dev.gatehouse.analyzer.Capability.ENVIRONMENT_READ;
import static dev.gatehouse.analyzer.Capability.NETWORK;
import static dev.gatehouse.analyzer.Capability.PROCESS_SPAWN;
import static dev.gatehouse.analyzer.Severity.CRITICAL;
import static dev.gatehouse.analyzer.Severity.HIGH;
import static dev.gatehouse.analyzer.Severity.INFO;
import static dev.gatehouse.analyzer.Severity.MEDIUM;
import static dev.gatehouse.policy.Findings.NOW;
import static dev.gatehouse.policy.Findings.analysis;
import static dev.gatehouse.policy.Findings.code;
import static dev.gatehouse.policy.Findings.maven;
import static dev.gatehouse.policy.Findings.npm;
import static dev.gatehouse.policy.Findings.npmScript;
import static dev.gatehouse.policy.Findings.pypi;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Trigger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trusted packages skip the quarantine rules marked trusted-exempt, and nothing else. */
class TrustTest {
  private static final Finding COMPILER_PLUGIN =
      code(Trigger.BUILD_PLUGIN, MEDIUM, "META-INF/maven/plugin.xml", "org.apache.maven.plugin.compiler.CompilerMojo#execute");

  private final Policy policy = Policy.defaults();

  private Verdict decide(Policy policy, PackageRef ref, Finding... findings) {
    return policy.decide(ref, analysis(findings), PackageFacts.none(), List.of(), NOW);
  }

  @Test
  void mavenPluginOfApacheMavensOwnGroupIsAllowedAndTheVerdictSaysWhy() {
    Verdict verdict = decide(policy, maven("org.apache.maven.plugins:maven-compiler-plugin", "3.13.0"), COMPILER_PLUGIN);
    assertThat(verdict).isEqualTo(new Verdict(Decision.ALLOW, "trusted", List.of(
        "org.apache.maven.plugins:maven-compiler-plugin is trusted (trusted.maven: \"org.apache.maven.plugins:*\"),"
            + " so rule build-time-code does not hold it",
        "build plugin or extension of org.apache.maven.plugin.compiler.CompilerMojo (META-INF/maven/plugin.xml): "
            + COMPILER_PLUGIN.summary())));
  }

  @Test
  void theSameBuildPluginFromAnUnknownGroupIsQuarantined() {
    assertThat(decide(policy, maven("org.apache.maven.pluginz:maven-compiler-plugin", "3.13.0"), COMPILER_PLUGIN).rule())
        .isEqualTo("build-time-code");
  }

  @Test
  void lombokIsTrustedButAHostileFindingInItStillBlocks() {
    Finding processor = code(Trigger.ANNOTATION_PROCESSOR, MEDIUM,
        "META-INF/services/javax.annotation.processing.Processor", "lombok.launch.AnnotationProcessorHider$AnnotationProcessor");
    Finding beacon = code(Trigger.ANNOTATION_PROCESSOR, CRITICAL, "META-INF/services/javax.annotation.processing.Processor",
        "lombok.Beacon", CREDENTIAL_READ, NETWORK);
    assertThat(decide(policy, maven("org.projectlombok:lombok", "1.18.36"), processor).rule()).isEqualTo("trusted");
    assertThat(decide(policy, maven("org.projectlombok:lombok", "1.18.37"), processor, beacon).decision())
        .isEqualTo(Decision.BLOCK);
  }

  @Test
  void popularBuildToolsOfTheDefaultListAreAllowed() {
    Finding mojo = code(Trigger.BUILD_PLUGIN, MEDIUM, "META-INF/maven/plugin.xml", "");
    Finding agent = code(Trigger.JAVA_AGENT, MEDIUM, "META-INF/MANIFEST.MF", "Premain-Class");
    for (String plugin : new String[] {"com.github.eirslett:frontend-maven-plugin", "org.jooq:jooq-codegen-maven",
        "org.openapitools:openapi-generator-maven-plugin", "com.google.cloud.tools:jib-maven-plugin",
        "org.flywaydb:flyway-maven-plugin", "org.owasp:dependency-check-maven"}) {
      assertThat(decide(policy, maven(plugin, "1.0"), mojo).rule()).as(plugin).isEqualTo("trusted");
    }
    assertThat(decide(policy, maven("org.slf4j:slf4j-ext", "2.0.16"), agent).rule()).isEqualTo("trusted");
    // A name of the same group that is not the plugin stays held: entries name artifacts, not groups.
    assertThat(decide(policy, maven("org.jooq:jooq-evil-maven", "1.0"), mojo).rule()).isEqualTo("build-time-code");
  }

  @Test
  void wellKnownProcessorsAndAgentsFromTheDefaultListAreAllowed() {
    Finding processor = code(Trigger.ANNOTATION_PROCESSOR, MEDIUM, "META-INF/services/javax.annotation.processing.Processor", "");
    Finding agent = code(Trigger.JAVA_AGENT, MEDIUM, "META-INF/MANIFEST.MF", "Premain-Class");
    assertThat(decide(policy, maven("org.mapstruct:mapstruct-processor", "1.6.3"), processor).rule()).isEqualTo("trusted");
    assertThat(decide(policy, maven("com.google.auto.service:auto-service", "1.1.1"), processor).rule()).isEqualTo("trusted");
    assertThat(decide(policy, maven("org.jetbrains.kotlin:kotlin-maven-allopen", "2.1.0"), processor).rule())
        .isEqualTo("trusted");
    assertThat(decide(policy, maven("net.bytebuddy:byte-buddy-agent", "1.15.11"), agent).rule()).isEqualTo("trusted");
    assertThat(decide(policy, maven("org.jacoco:org.jacoco.agent", "0.8.12"), agent).rule()).isEqualTo("trusted");
  }

  @Test
  void trustedNpmPackageWithAMediumInstallScriptIsAllowed() {
    Verdict verdict = decide(policy, npm("esbuild", "0.24.2"), npmScript("postinstall", MEDIUM, PROCESS_SPAWN));
    assertThat(verdict.rule()).isEqualTo("trusted");
    assertThat(verdict.reasons().get(0))
        .isEqualTo("esbuild is trusted (trusted.npm: \"esbuild\"), so rule install-time-code does not hold it");
    assertThat(decide(policy, npm("@swc/core", "1.10.1"), npmScript("postinstall", MEDIUM, PROCESS_SPAWN)).rule())
        .isEqualTo("trusted");
  }

  @Test
  void npmTrustIsByExactNameSoALookalikeIsQuarantined() {
    assertThat(decide(policy, npm("esbuild-wasm-helper", "1.0.0"), npmScript("postinstall", MEDIUM, PROCESS_SPAWN)).rule())
        .isEqualTo("install-time-code");
    assertThat(decide(policy, npm("@evil/esbuild", "1.0.0"), npmScript("postinstall", MEDIUM, PROCESS_SPAWN)).rule())
        .isEqualTo("install-time-code");
  }

  @Test
  void trustNeverExemptsFromBlockRules() {
    Verdict exfiltration = decide(policy, npm("esbuild", "0.24.3"), npmScript("postinstall", CRITICAL, ENVIRONMENT_READ, NETWORK));
    assertThat(exfiltration.decision()).isEqualTo(Decision.BLOCK);
    assertThat(exfiltration.rule()).isEqualTo("install-hook-exfiltration");

    Finding stealer = code(Trigger.BUILD_PLUGIN, CRITICAL, "x/Mojo.class", "x.Mojo#execute", CREDENTIAL_READ, NETWORK);
    assertThat(decide(policy, maven("org.apache.maven.plugins:maven-evil-plugin", "1.0"), stealer).rule())
        .isEqualTo("exfiltration");
  }

  @Test
  void trustDoesNotExemptVersionChangesOrCriticalFindings() {
    Finding change = code(Trigger.VERSION_CHANGE, MEDIUM, "package/package.json", "scripts.preinstall");
    assertThat(decide(policy, npm("esbuild", "0.24.3"), change).rule()).isEqualTo("version-change");
    Finding critical = npmScript("postinstall", CRITICAL, PROCESS_SPAWN);
    assertThat(decide(policy, npm("esbuild", "0.24.3"), critical).rule()).isEqualTo("critical-finding");
  }

  @Test
  void trustedPackageWithNothingExemptedIsAllowedByTheOrdinaryRule() {
    assertThat(decide(policy, npm("esbuild", "0.24.2"))).isEqualTo(Verdict.allow("no-blocking-findings"));
  }

  @Test
  void scopeGlobTrustsEveryPackageOfTheScopeAndNothingElse() {
    Policy scoped = Policy.parse("policy.yml", "trusted: { npm: [\"@acme/*\"] }");
    Finding script = npmScript("install", HIGH, PROCESS_SPAWN);
    assertThat(decide(scoped, npm("@acme/native", "1.0.0"), script).rule()).isEqualTo("trusted");
    assertThat(decide(scoped, npm("@acme-evil/native", "1.0.0"), script).rule()).isEqualTo("install-time-code");
    assertThat(decide(scoped, npm("acme", "1.0.0"), script).rule()).isEqualTo("install-time-code");
  }

  @Test
  void groupGlobNeverCrossesIntoTheArtifactId() {
    Policy grouped = Policy.parse("policy.yml", "trusted: { maven: [\"com.acme.*:build-*\"] }");
    assertThat(decide(grouped, maven("com.acme.tools:build-helper", "1.0"), COMPILER_PLUGIN).rule()).isEqualTo("trusted");
    assertThat(decide(grouped, maven("com.acme.tools:other", "1.0"), COMPILER_PLUGIN).rule()).isEqualTo("build-time-code");
    assertThat(decide(grouped, maven("com.acme.x:y:build-z", "1.0"), COMPILER_PLUGIN).rule()).isEqualTo("build-time-code");
  }

  @Test
  void pypiTrustComparesPep503NormalizedNames() {
    Policy trusting = Policy.parse("policy.yml", "trusted: { pypi: [Native_Ext.Tools] }");
    Finding setup = code(Trigger.SETUP_SCRIPT, MEDIUM, "native-ext-tools-1.0/setup.py", "line 4", PROCESS_SPAWN);
    assertThat(decide(trusting, pypi("native-ext-tools", "1.0"), setup).rule()).isEqualTo("trusted");
    assertThat(decide(trusting, pypi("native-ext-tool", "1.0"), setup).rule()).isEqualTo("install-time-code");
  }

  @Test
  void defaultPypiTrustedListIsEmpty() {
    Finding setup = code(Trigger.SETUP_SCRIPT, MEDIUM, "setuptools-80.0.0/setup.py", "line 4", PROCESS_SPAWN);
    assertThat(decide(policy, pypi("setuptools", "80.0.0"), setup).rule()).isEqualTo("install-time-code");
  }

  @Test
  void trustedVerdictNamesEveryExemptedRule() {
    Finding processor = code(Trigger.ANNOTATION_PROCESSOR, MEDIUM, "META-INF/services/javax.annotation.processing.Processor", "");
    Finding setup = code(Trigger.SETUP_SCRIPT, MEDIUM, "setup.py", "line 1");
    Policy trusting = Policy.parse("policy.yml", "trusted: { pypi: [both] }");
    Verdict verdict = decide(trusting, pypi("both", "1.0"), processor, setup);
    assertThat(verdict.reasons().get(0))
        .isEqualTo("both is trusted (trusted.pypi: \"both\"), so rules build-time-code and install-time-code do not hold it");
    assertThat(verdict.reasons()).hasSize(3);
  }
}
