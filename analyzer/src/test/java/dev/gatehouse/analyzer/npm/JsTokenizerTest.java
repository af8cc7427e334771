package dev.gatehouse.analyzer.npm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsTokenizerTest {
  private static List<String> tokens(String source) {
    JsTokens t = JsTokenizer.tokenize(source, 1_000_000);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      out.add(t.kind(i) + ":" + t.text(i));
    }
    return out;
  }

  @Test
  void slashAfterAValueDividesAndAfterAnOperatorStartsARegex() {
    assertThat(tokens("a = b / c / d")).containsExactly(
        "IDENT:a", "PUNCT:=", "IDENT:b", "PUNCT:/", "IDENT:c", "PUNCT:/", "IDENT:d");
    assertThat(tokens("x = /eval\\(/g.test(s)")).containsExactly(
        "IDENT:x", "PUNCT:=", "REGEX:/eval\\(/g", "PUNCT:.", "IDENT:test", "PUNCT:(", "IDENT:s", "PUNCT:)");
    assertThat(tokens("f(a)/2")).contains("PUNCT:/");
    assertThat(tokens("return /[/]x/.source")).contains("REGEX:/[/]x/");
  }

  @Test
  void regexAfterKeywordsLikeReturnAndTypeof() {
    assertThat(tokens("return /a/i")).containsExactly("IDENT:return", "REGEX:/a/i");
    assertThat(tokens("typeof /a/")).containsExactly("IDENT:typeof", "REGEX:/a/");
  }

  @Test
  void commentsAndHashbangsProduceNoTokensButKeepLineNumbers() {
    JsTokens t = JsTokenizer.tokenize("#!/usr/bin/env node\n// eval(x)\n/* require('child_process')\n */ go()", 100);
    assertThat(t.size()).isEqualTo(3);
    assertThat(t.text(0)).isEqualTo("go");
    assertThat(t.line(0)).isEqualTo(4);
  }

  @Test
  void stringsHoldTheirTextWithEscapesDecoded() {
    JsTokens t = JsTokenizer.tokenize("a('it\\'s', \"\\x2e\\x6e\\x70\\x6d\\x72\\x63\", '\\u{41}')", 100);
    assertThat(t.value(2)).isEqualTo("it's");
    assertThat(t.value(4)).isEqualTo(".npmrc");
    assertThat(t.value(6)).isEqualTo("A");
  }

  @Test
  void templateLiteralsSplitIntoTextAndTheCodeOfTheirSubstitutions() {
    assertThat(tokens("`a ${ b({c: `d${e}`}) } f`")).containsExactly(
        "TEMPLATE:a ", "PUNCT:${", "IDENT:b", "PUNCT:(", "PUNCT:{", "IDENT:c", "PUNCT::",
        "TEMPLATE:d", "PUNCT:${", "IDENT:e", "PUNCT:}", "TEMPLATE:", "PUNCT:}", "PUNCT:)", "PUNCT:}",
        "TEMPLATE: f");
  }

  @Test
  void templateTextThatLooksLikeCodeStaysText() {
    assertThat(tokens("x = `eval(${'y'}) // not a comment`")).containsExactly(
        "IDENT:x", "PUNCT:=", "TEMPLATE:eval(", "PUNCT:${", "STRING:'y'", "PUNCT:}", "TEMPLATE:) // not a comment");
  }

  @Test
  void divisionAfterATemplateAndAfterAClosingBracket() {
    assertThat(tokens("`a` / 2")).containsExactly("TEMPLATE:a", "PUNCT:/", "NUMBER:2");
    assertThat(tokens("a[0] / b")).contains("PUNCT:/");
  }

  @Test
  void unterminatedStringEndsAtItsLineAndLexingGoesOn() {
    assertThat(tokens("a = 'broken\nb()")).containsExactly(
        "IDENT:a", "PUNCT:=", "STRING:'broken", "IDENT:b", "PUNCT:(", "PUNCT:)");
  }

  @Test
  void longestPunctuatorWinsAndNumbersKeepExponents() {
    assertThat(tokens("a >>>= 1e-3 ?? b?.c")).containsExactly(
        "IDENT:a", "PUNCT:>>>=", "NUMBER:1e-3", "PUNCT:??", "IDENT:b", "PUNCT:?.", "IDENT:c");
  }

  @Test
  void tokenCountIsBoundedAndTheTruncationIsVisible() {
    JsTokens t = JsTokenizer.tokenize("a;".repeat(100), 10);
    assertThat(t.size()).isEqualTo(10);
    assertThat(t.truncated()).isTrue();
  }
}
