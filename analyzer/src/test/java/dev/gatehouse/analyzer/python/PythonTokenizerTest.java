package dev.gatehouse.analyzer.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.python.PythonToken.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PythonTokenizerTest {
  private static List<PythonToken> tokens(String source) {
    return PythonTokenizer.tokenize(source);
  }

  private static List<String> names(String source) {
    return tokens(source).stream().filter(PythonToken::isName).map(PythonToken::text).toList();
  }

  private static List<String> strings(String source) {
    return tokens(source).stream().filter(PythonToken::isString).map(PythonToken::value).toList();
  }

  @Test
  void everyStringPrefixInAnyCaseIsAStringNotAName() {
    String source = "a = r'x' + R'x' + u'x' + b'x' + f'x' + br'x' + Rb'x' + bR'x' + fr'x' + Rf'x' + FR'x' + t'x'\n";
    assertThat(names(source)).containsExactly("a");
    assertThat(strings(source)).hasSize(12).containsOnly("x");
  }

  @Test
  void commentsAndStringsThatMentionExecAreNotNames() {
    String source = "# exec(payload)\nx = 'exec(y)'  # eval\ny = \"\"\"\n  exec(z)\n\"\"\"\n";
    assertThat(names(source)).containsExactly("x", "y");
  }

  @Test
  void tripleQuotedStringsSpanLinesAndKeepLineNumbersRight() {
    List<PythonToken> t = tokens("doc = '''one\ntwo ' \" three'''\nafter = 1\n");
    assertThat(t.get(2).value()).isEqualTo("one\ntwo ' \" three");
    PythonToken after = t.stream().filter(k -> k.is("after")).findFirst().orElseThrow();
    assertThat(after.line()).isEqualTo(3);
  }

  @Test
  void escapesAreDecodedExceptInRawStrings() {
    assertThat(strings("a = '\\x41\\n\\u00e9\\101'\nb = r'\\x41\\''\n")).containsExactly("A\né" + "A", "\\x41\\'");
  }

  @Test
  void fStringFieldsAreKeptAsCodeAndTheirLiteralPartsAsTheValue() {
    PythonToken f = tokens("s = f'{home}/.ssh/{name!r:>{width}}'\n").get(2);
    assertThat(f.fString()).isTrue();
    assertThat(f.value()).isEqualTo("/.ssh/");
    assertThat(f.fields()).containsExactlyInAnyOrder("home", "name", "width");
  }

  @Test
  void pep701FStringsMayNestTheirOwnQuotes() {
    List<PythonToken> t = tokens("s = f\"{x[\"key\"]} and {f\"{y}\"}\"\nz = 1\n");
    assertThat(t.get(2).fields()).containsExactly("x[\"key\"]", "f\"{y}\"");
    assertThat(names("s = f\"{x[\"key\"]}\"\nz = 1\n")).containsExactly("s", "z");
  }

  @Test
  void aQuoteInsideAFormatSpecIsAFillCharacterNotAString() {
    assertThat(names("s = f\"{x:'>10}\"\nz = 1\n")).containsExactly("s", "z");
  }

  @Test
  void doubledBracesInFStringsAreLiteral() {
    PythonToken f = tokens("s = f'{{not a field}} {real}'\n").get(2);
    assertThat(f.value()).isEqualTo("{not a field} ");
    assertThat(f.fields()).containsExactly("real");
  }

  @Test
  void indentationBecomesIndentAndDedentTokens() {
    List<Kind> kinds = tokens("def f():\n    return 1\nx = 2\n").stream().map(PythonToken::kind).toList();
    assertThat(kinds).containsSubsequence(Kind.NEWLINE, Kind.INDENT, Kind.NAME, Kind.NUMBER, Kind.NEWLINE,
        Kind.DEDENT, Kind.NAME);
  }

  @Test
  void bracketsAndBackslashesJoinLinesIntoOneLogicalLine() {
    long newlines = tokens("x = (1,\n     2)\ny = 1 + \\\n    2\n").stream().filter(k -> k.kind() == Kind.NEWLINE).count();
    assertThat(newlines).isEqualTo(2);
  }

  @Test
  void blankAndCommentLinesDoNotChangeIndentation() {
    List<Kind> kinds = tokens("if x:\n    a = 1\n\n# note\n    b = 2\n").stream().map(PythonToken::kind).toList();
    assertThat(kinds.stream().filter(k -> k == Kind.INDENT).count()).isEqualTo(1);
    assertThat(kinds.stream().filter(k -> k == Kind.DEDENT).count()).isEqualTo(1);
  }

  @Test
  void tabsIndentToCPythonsTabStops() {
    List<Kind> kinds = tokens("if x:\n\ta = 1\n        b = 2\n").stream().map(PythonToken::kind).toList();
    assertThat(kinds.stream().filter(k -> k == Kind.INDENT).count()).isEqualTo(1); // a tab is 8 columns
  }

  @Test
  void anUnterminatedStringEndsWithItsLineAndReadingGoesOn() {
    assertThat(names("x = 'oops\ny = 2\n")).containsExactly("x", "y");
  }

  @Test
  void theGapBeforeATokenCountsBlanksOnTheSameLine() {
    List<PythonToken> t = tokens("a = 1" + " ".repeat(120) + ";b = 2\n");
    PythonToken semicolon = t.stream().filter(k -> k.is(";")).findFirst().orElseThrow();
    assertThat(semicolon.gap()).isEqualTo(120);
  }

  @Test
  void aByteOrderMarkAndWindowsLineEndsAreRead() {
    assertThat(names("\uFEFFimport os\r\nx = 1\r\n")).containsExactly("import", "os", "x");
  }

  @Test
  void hostileNestingOfFStringsEndsWithoutOverflowingTheStack() {
    String deep = "s = f'" + "{f'".repeat(5000) + "x" + "}'".repeat(5000) + "'\n";
    assertThat(tokens(deep)).isNotEmpty();
    String specs = "s = f'{a:" + "{a:".repeat(20000) + "}".repeat(20001) + "'\n";
    assertThat(tokens(specs)).isNotEmpty();
  }

  @Test
  void compactTokensKeepLinesColumnsGapsAndStringPrefixes() {
    List<PythonToken> t = tokens("if x:\n    y = rb'''a\nb'''   .hex()\n");
    PythonToken string = t.stream().filter(PythonToken::isString).findFirst().orElseThrow();
    assertThat(string.text()).isEqualTo("rb\"\"\"");
    assertThat(string.value()).isEqualTo("a\nb");
    assertThat(string.line()).isEqualTo(2);
    assertThat(string.column()).isEqualTo(8);
    assertThat(string.gap()).isEqualTo(1);
    PythonToken dot = t.get(t.indexOf(string) + 1);
    assertThat(dot.text()).isEqualTo(".");
    assertThat(dot.line()).isEqualTo(3);
    assertThat(dot.gap()).isEqualTo(3);
    assertThat(dot.column()).isEqualTo(7);
    assertThat(t.get(0).gap()).isZero();
  }

  @Test
  void aSliceOfTheTokensIsAViewThatReadsTheSameTokens() {
    List<PythonToken> t = tokens("a = f(b, 'c')\n");
    List<PythonToken> slice = t.subList(2, 5);
    assertThat(slice).extracting(PythonToken::text).containsExactly("f", "(", "b");
    assertThat(slice.subList(1, 3)).extracting(PythonToken::text).containsExactly("(", "b");
    assertThat(new Statement(Statement.Kind.SIMPLE, slice, List.of()).tokens()).isSameAs(slice);
  }

  @Test
  void aMillionOneCharacterTokensTakeAboutTwentyBytesEach() {
    String source = "f();".repeat(250_000);
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long before = rt.totalMemory() - rt.freeMemory();
    List<PythonToken> t = tokens(source);
    System.gc();
    long used = rt.totalMemory() - rt.freeMemory() - before;
    assertThat(t).hasSizeGreaterThan(1_000_000);
    // PythonToken objects would need about 100 MB; the arrays, with growth slack, stay far below 40.
    assertThat(used).isLessThan(40L << 20);
  }
}
