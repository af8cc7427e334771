package dev.gatehouse.analyzer.npm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per capability the tokenizer-based analysis finds, and the twins it must not flag. */
class JsCapabilitiesTest {
  /** The signals of {@code source} run as a program. */
  private static List<Signal> program(String source) {
    return JsCapabilities.analyze("x.js", source, 12, 1_000_000).sightings(false).stream()
        .map(Sighting::signal).distinct().toList();
  }

  /** The signals of {@code source} that run when it is imported. */
  private static List<Signal> atLoad(String source) {
    return JsCapabilities.analyze("x.js", source, 12, 1_000_000).sightings(true).stream()
        .map(Sighting::signal).distinct().toList();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "const cp = require('child_process'); cp.exec('id');",
      "const { spawn: run } = require('node:child_process'); run('id');",
      "import { execSync } from 'child_process'; execSync('whoami');",
      "import * as cp from 'child_process'; cp.fork('./w.js');",
      "require('child_process').spawnSync('sh');",
      "const cp = __importStar(require('child_process')); cp.execFile('x');",
  })
  void childProcessThroughEveryKindOfBindingSpawns(String source) {
    assertThat(atLoad(source)).containsExactly(Signal.SPAWN);
  }

  @Test
  void aRegexExecIsNotAProcessEvenWhereExecIsBoundElsewhere() {
    assertThat(program("""
        const { exec } = require('child_process');
        function f(s) { const re = /a/; return re.exec(s) || { exec: 1 }; }
        """)).isEmpty();
  }

  @Test
  void minifiedNamesInOtherFunctionsAreNotTheModule() {
    assertThat(program("function a(){var e=require('child_process');return e}function b(e){return e.exec('x')}"))
        .isEmpty();
  }

  @Test
  void systemProbeLikeLddVersionIsNotASpawn() {
    assertThat(atLoad("const isMusl = require('child_process').execSync('ldd --version').includes('musl');"))
        .isEmpty();
    assertThat(atLoad("require('child_process').execSync('ldd --version; curl x.invalid');"))
        .containsExactly(Signal.SPAWN);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "eval(code)|DYNAMIC",
      "new Function('a', body)(1)|DYNAMIC",
      "require('vm').runInNewContext(src, {})|DYNAMIC",
      "require('http').get('http://a.invalid')|NETWORK",
      "require('https').request({host: 'a.invalid'}).end()|NETWORK",
      "require('net').connect(80, 'a.invalid')|NETWORK",
      "require('tls').connect(443, 'a.invalid')|NETWORK",
      "require('dgram').createSocket('udp4')|NETWORK",
      "fetch('https://a.invalid/x')|NETWORK",
      "new XMLHttpRequest()|NETWORK",
      "new WebSocket('wss://a.invalid')|NETWORK",
      "require('dns').resolveTxt('a.invalid', cb)|DNS",
      "JSON.stringify(process.env)|ENVIRONMENT",
      "Object.keys(process.env).forEach(k => send(k))|ENVIRONMENT",
      "for (const k in process.env) { out.push(k); }|ENVIRONMENT",
      "const e = process.env; post(JSON.stringify(e))|ENVIRONMENT",
      "require('fs').readFileSync(require('os').homedir() + '/.ssh/id_rsa')|CREDENTIAL",
      "const p = require('path').join(require('os').homedir(), '.aws', 'credentials')|CREDENTIAL",
      "const t = `${process.env.HOME}/.git-credentials`|CREDENTIAL",
      "fs.readFile('~/.netrc', cb)|CREDENTIAL",
      "const d = path.join(os.homedir(), '.docker/config.json')|CREDENTIAL",
      "require('fs').writeFileSync(require('path').join(require('os').homedir(), '.bashrc'), 'x')|WRITE",
      "require('fs').appendFileSync('/etc/profile', 'x')|WRITE",
      "require('./build/Release/addon.node')|NONE",
  })
  void eachCapabilityHasItsForm(String source, String expected) {
    List<Signal> signals = atLoad(source);
    if (expected.equals("NONE")) {
      assertThat(signals).isEmpty();
    } else {
      assertThat(signals).contains(Signal.valueOf(expected));
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "const mode = process.env.NODE_ENV;",
      "const keys = Object.keys(process.env).filter(k => /^debug_/i.test(k));",
      "spawn('make', [], { env: { ...process.env, CC: 'clang' } });",
      "const env = Object.assign(Object.assign({}, process.env), { X: '1' });",
      "const msg = 'never eval( untrusted input or read ~/.ssh/id_rsa';",
      "// eval(x); require('child_process').exec('rm'); fetch('x')",
      "/* JSON.stringify(process.env) */",
      "const doc = `call fetch('x') then eval(y)`;",
      "Function('return this')();",
      "const add = new Function('a', 'b', 'return a + b');",
      "const s = Buffer.from(token, 'base64').toString();",
      "const cfg = require('path').join(__dirname, '.npmrc.example');",
  })
  void benignTwinsAreNotFlagged(String source) {
    assertThat(program(source)).isEmpty();
  }

  @Test
  void aSocketAroundADescriptorTheProcessHoldsIsNotTheNetworkButAConnectingOneIs() {
    // debug 2.x, as it loads, opens its output stream on a piped stdout exactly like this.
    assertThat(atLoad("""
        var net = require('net');
        var stream = new net.Socket({ fd: 2, readable: false, writable: true });
        """)).isEmpty();
    assertThat(atLoad("const s = new (require('net').Socket)({'fd': process.stdout.fd});")).isEmpty();
    assertThat(atLoad("""
        var net = require('net');
        var s = new net.Socket({ allowHalfOpen: true, lookup: { fd: 1 } });
        s.connect(443, 'collector.example.invalid');
        """)).contains(Signal.NETWORK);
    assertThat(atLoad("var net = require('net'); new net.Socket().connect(25, 'mx.example.invalid');"))
        .contains(Signal.NETWORK);
  }

  @Test
  void aRegexMentioningEvalAndSshIsNotCode() {
    assertThat(program("const re = /eval\\(|\\.ssh\\/|fetch\\(/g; if (re.test(s)) warn();")).isEmpty();
  }

  @Test
  void evalOfLiteralCodeIsAnalyzedAsTheCodeItIs() {
    assertThat(program("eval(\"require('child_process').exec('id')\");")).containsExactly(Signal.SPAWN);
  }

  @Test
  void decodedDataReachingEvalIsAnEncodedPayloadButUnrelatedDecodingIsNot() {
    assertThat(program("const c = atob(blob); eval(c);")).contains(Signal.ENCODED, Signal.DYNAMIC);
    assertThat(program("""
        function a(x) { var t = Buffer.from(x, 'base64'); return t.length; }
        function b(t) { return new Function(t); }
        """)).containsExactly(Signal.DYNAMIC);
  }

  @Test
  void decipherOutputReachingVmIsAnEncodedPayload() {
    assertThat(program("""
        const crypto = require('crypto'), vm = require('vm');
        const d = crypto.createDecipheriv('aes-256-cbc', key, iv);
        let src = d.update(blob, 'base64', 'utf8'); src += d.final('utf8');
        vm.runInThisContext(src);
        """)).contains(Signal.ENCODED, Signal.DYNAMIC);
  }

  @Test
  void fetchDeclaredLocallyIsNotAHookButReplacingTheGlobalIs() {
    assertThat(program("var a = 1,\n  fetch = require('make-fetch-happen');")).isEmpty();
    assertThat(program("globalThis.fetch = function (u) { return u; };")).containsExactly(Signal.NETWORK_HOOK);
    assertThat(program("XMLHttpRequest.prototype['send'] = function () {};")).containsExactly(Signal.NETWORK_HOOK);
  }

  @Test
  void codeInFunctionsCountsAtLoadOnlyWhenSomethingRunsIt() {
    assertThat(atLoad("function later() { fetch('https://a.invalid'); }\nmodule.exports = later;")).isEmpty();
    assertThat(atLoad("function now() { fetch('https://a.invalid'); }\nnow();")).containsExactly(Signal.NETWORK);
    assertThat(atLoad("[1].forEach(function () { fetch('https://a.invalid'); });")).containsExactly(Signal.NETWORK);
    assertThat(atLoad("emitter.on('x', function () { fetch('https://a.invalid'); });")).isEmpty();
    assertThat(atLoad("(function (root, factory) { factory(); })(this, function () { fetch('u'); });"))
        .containsExactly(Signal.NETWORK);
    assertThat(atLoad("setTimeout(() => { fetch('u'); }, 0);")).containsExactly(Signal.NETWORK);
  }

  @Test
  void javascriptObfuscatorOutputIsObfuscatedButMinifiedCodeIsNot() {
    assertThat(program("var _0xa1b2=1,_0xc3d4=2,_0xe5f6=3,_0x1a2b=4,_0x3c4d=5;")).containsExactly(Signal.OBFUSCATED);
    assertThat(program("var a=1,b=function(c,d){return c+d},e=b(a,2);".repeat(200))).isEmpty();
    String escaped = "var s=['\\x68\\x65\\x6c\\x6c\\x6f','\\x77\\x6f\\x72\\x6c\\x64'];".repeat(30);
    assertThat(program(escaped)).containsExactly(Signal.OBFUSCATED);
    assertThat(program("const bold = ['\\x1b[1m', '\\x1b[22m'];".repeat(40))).isEmpty();
  }

  @Test
  void computedRequireOfADecodedNameIsObfuscation() {
    assertThat(program("var r = require; function e(x) { return Buffer.from(x, 'hex').toString(); }\n"
        + "var m = r(e('6368696c645f70726f63657373'));")).containsExactly(Signal.OBFUSCATED);
  }
}
