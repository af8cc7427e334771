package dev.gatehouse.policy.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.npm.NpmFixture;
import dev.gatehouse.policy.Ecosystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * npm packages that carry their second stage packed into a string of several KB (base64 or hex, one literal,
 * chunks joined with {@code +} or listed in an array, on a line pushed off the screen), decoded by a helper the
 * data flow does not follow (a decipher, a XOR loop, a temp file run with node): the shape of the 2024–2025
 * droppers that hid an encrypted or encoded payload in an otherwise small file. The packed payload raises the
 * rating of what else the file does. Benign twins embed WebAssembly, binary tables, images and plain text
 * the way bundles do, or are minified onto one line, and stay allowed. Everything is inert: the hidden text is
 * {@code console.log}, the random bytes are random, hosts end in {@code .invalid}, and nothing is run.
 */
class NpmPackedPayloadReplicasTest {
  @TempDir Path tmp;

  private Replica judge(NpmFixture fixture) throws IOException {
    return Replica.judge(fixture.tarball(tmp, "fixture-1.0.0.tgz"), ArtifactKind.NPM_TARBALL, Ecosystem.NPM,
        "fixture", "1.0.0");
  }

  /** Inert JavaScript, {@code bytes} long at least. */
  private static byte[] hiddenText(int bytes) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; b.length() < bytes; i++) {
      b.append("console.log('fixture line ").append(i).append("');\n");
    }
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** What a cipher's output looks like. */
  private static byte[] randomBytes(int bytes, long seed) {
    byte[] out = new byte[bytes];
    new Random(seed).nextBytes(out);
    return out;
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** {@code text} cut into {@code size}-character pieces. */
  private static List<String> chunks(String text, int size) {
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < text.length(); i += size) {
      pieces.add(text.substring(i, Math.min(text.length(), i + size)));
    }
    return pieces;
  }

  private static Named<NpmFixture> atRequire(String name, String indexJs) {
    return Named.of(name, NpmFixture.main("index.js").file("index.js", indexJs));
  }

  static Stream<Named<NpmFixture>> packed() {
    String encrypted = base64(randomBytes(4096, 1));
    String text = base64(hiddenText(6000));
    byte[] xored = hiddenText(10_000);
    for (int i = 0; i < xored.length; i++) {
      xored[i] ^= 7;
    }
    return Stream.of(
        atRequire("encrypted blob deciphered and handed to a detached node", "const crypto = require('crypto');\n"
            + "const cp = require('child_process');\n"
            + "const blob = '" + encrypted + "';\n"
            + "function open(b) {\n"
            + "  const d = crypto.createDecipheriv('aes-256-cbc', Buffer.alloc(32, 1), Buffer.alloc(16, 2));\n"
            + "  return Buffer.concat([d.update(b, 'base64'), d.final()]).toString();\n}\n"
            + "cp.spawn(process.execPath, ['-e', open(blob)], { detached: true, stdio: 'ignore' }).unref();\n"
            + "module.exports = {};\n"),
        atRequire("base64 text in '+' chunks, written to a temp file and forked", "const fs = require('fs');\n"
            + "const os = require('os');\nconst path = require('path');\n"
            + "const p = '" + String.join("' +\n  '", chunks(text, 76)) + "';\n"
            + "const f = path.join(os.tmpdir(), '.cache-' + process.pid + '.js');\n"
            + "fs.writeFileSync(f, Buffer.from(p, 'base64'));\n"
            + "require('child_process').fork(f);\n"),
        atRequire("hex on one long line pushed off the screen, XOR-decoded", "'use strict';\n"
            + "module.exports = function pad(s, n) { return String(s).padStart(n); };\n"
            + " ".repeat(400) + "var k='" + HexFormat.of().formatHex(xored) + "',o='';for(var i=0;i<k.length;i+=2)"
            + "o+=String.fromCharCode(parseInt(k.substr(i,2),16)^7);"
            + "require('child_process').spawn(process.execPath,['-e',o],{detached:true});\n"),
        Named.of("array of base64 chunks joined in a postinstall script that writes to the home directory",
            NpmFixture.scripts("\"postinstall\": \"node setup.js\"").file("setup.js", "const fs = require('fs');\n"
                + "const os = require('os');\nconst path = require('path');\n"
                + "const parts = [\n  '" + String.join("',\n  '", chunks(encrypted, 120)) + "'\n];\n"
                + "fs.writeFileSync(path.join(os.homedir(), '.cache', 'update.bin'),"
                + " Buffer.from(parts.join(''), 'base64'));\n")),
        atRequire("Windows-only branch with an encrypted blob", "module.exports = { ok: true };\n"
            + "if (process.platform === 'win32') {\n"
            + "  const data = '" + base64(randomBytes(3000, 2)) + "';\n"
            + "  require('child_process').exec('powershell -w hidden -c echo ' + data.length);\n}\n"));
  }

  @ParameterizedTest(name = "packed payload: {0}")
  @MethodSource("packed")
  void packedPayloadRaisesTheRatingOfWhatTheFileDoes(NpmFixture fixture) throws IOException {
    Replica replica = judge(fixture);
    assertThat(replica.findings()).as("%s", replica)
        .anySatisfy(f -> assertThat(f.summary()).contains("carries a packed payload"));
    assertThat(replica.verdict().decision()).as("%s", replica).isNotEqualTo(dev.gatehouse.policy.Decision.ALLOW);
    assertThat(replica.findings()).anySatisfy(f -> assertThat(f.capabilities()).contains(Capability.OBFUSCATION));
  }

  @Test
  void theSameSpawnWithoutThePackedBlobIsNotHeldSoTheBlobIsWhatRaisesIt() throws IOException {
    String withBlob = "module.exports = { ok: true };\nif (process.platform === 'win32') {\n"
        + "  const data = '%s';\n  require('child_process').exec('powershell -w hidden -c echo ' + data.length);\n}\n";
    judge(NpmFixture.main("index.js").file("index.js", withBlob.formatted("short"))).isAllowed();
    judge(NpmFixture.main("index.js").file("index.js", withBlob.formatted(base64(randomBytes(3000, 3)))))
        .isStopped(Trigger.IMPORT_TIME, Capability.OBFUSCATION);
  }

  @Test
  void theEvidenceSaysWhatThePayloadDecodesToAndHowLongItsLineIs() throws IOException {
    String hex = HexFormat.of().formatHex(hiddenText(12_000));
    Replica text = judge(NpmFixture.main("index.js").file("index.js", "module.exports = 1;\n" + " ".repeat(300)
        + "var k='" + hex + "';require('child_process').exec('echo ' + k.length);\n"));
    Replica random = judge(NpmFixture.main("index.js").file("index.js", "const b = '"
        + base64(randomBytes(6000, 8)) + "';\nrequire('child_process').exec('echo ' + b.length);\n"));
    assertThat(text.findings()).anySatisfy(f -> assertThat(f.evidence().excerpt())
        .contains(hex.length() + " characters of hex that decode to hidden text, on a line of 23 KB"));
    assertThat(random.findings()).anySatisfy(f -> assertThat(f.evidence().excerpt())
        .containsPattern("8000 characters of base64 that decode to random-looking bytes \\(\\d\\.\\d bits a byte"));
  }

  static Stream<Named<NpmFixture>> data() {
    byte[] wasm = randomBytes(20_000, 4);
    System.arraycopy(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}, 0, wasm, 0, 8);
    byte[] table = new byte[12_000]; // a trie of small numbers and zeros, like fontkit's
    Random r = new Random(5);
    for (int i = 0; i < table.length; i++) {
      table[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(16) : 0);
    }
    byte[] png = randomBytes(6000, 6);
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, png, 0, 8);
    String spawn = "const { spawn } = require('child_process');\n"
        + "module.exports.start = () => spawn(process.execPath, ['--version']);\n"
        + "spawn(process.execPath, ['--version']);\n";
    StringBuilder minified = new StringBuilder("!function(e){");
    for (int i = 0; minified.length() < 40_000; i++) {
      minified.append("var a").append(i).append("=function(t,n){return t+n*").append(i).append("};");
    }
    minified.append("e.exports={}}(module);\n");
    StringBuilder words = new StringBuilder();
    while (words.length() < 20_000) {
      words.append("Permission is hereby granted free of charge to any person obtaining a copy ");
    }
    return Stream.of(
        atRequire("WebAssembly embedded as base64 (undici's llhttp)", spawn
            + "module.exports.wasm = Buffer.from('" + base64(wasm) + "', 'base64');\n"),
        atRequire("binary table of low entropy as base64 (fontkit)", spawn
            + "const trie = Buffer.from('" + base64(table) + "', 'base64');\nmodule.exports.trie = trie;\n"),
        atRequire("image as a data URI", spawn
            + "module.exports.icon = 'data:image/png;base64," + base64(png) + "';\n"),
        atRequire("PNG as bare base64 chunks", spawn
            + "module.exports.logo = '" + String.join("' +\n  '", chunks(base64(png), 76)) + "';\n"),
        atRequire("minified bundle on one line", spawn + minified),
        atRequire("compressed font inside a bundle many times its size (@vercel/og)", spawn + minified
            + "module.exports.font = Buffer.from('" + base64(randomBytes(3000, 7)) + "', 'base64');\n"),
        atRequire("plain text on one long line", spawn + "module.exports.license = '" + words + "';\n"));
  }

  @ParameterizedTest(name = "embedded data, not a payload: {0}")
  @MethodSource("data")
  void embeddedDataAndMinifiedCodeDoNotRaiseTheRating(NpmFixture fixture) throws IOException {
    Replica replica = judge(fixture).isAllowed();
    assertThat(replica.findings()).noneSatisfy(f -> assertThat(f.capabilities()).contains(Capability.OBFUSCATION));
  }
}
