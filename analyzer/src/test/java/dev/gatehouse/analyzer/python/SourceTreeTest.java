package dev.gatehouse.analyzer.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceTreeTest {
  @Test
  void functionBodiesAreNestedUnderTheirDefinition() {
    List<Statement> module = SourceTree.parse("import os\ndef f():\n    os.system('x')\n    return 1\ny = f\n");
    assertThat(module).extracting(Statement::kind)
        .containsExactly(Statement.Kind.SIMPLE, Statement.Kind.DEF, Statement.Kind.SIMPLE);
    assertThat(module.get(1).body()).hasSize(2);
  }

  @Test
  void inlineBodiesAndSemicolonsAreSplitIntoStatements() {
    List<Statement> module = SourceTree.parse("if x: a(); b()\nimport os; os.system('x')\n");
    assertThat(module.get(0).body()).hasSize(2);
    assertThat(module).hasSize(3);
  }

  @Test
  void aLambdaColonInAHeaderIsNotTheHeaderColon() {
    List<Statement> module = SourceTree.parse("with f(key=lambda k: k) as g: g()\n");
    assertThat(module.get(0).kind()).isEqualTo(Statement.Kind.WITH);
    assertThat(module.get(0).body()).hasSize(1);
  }

  @Test
  void matchAndCaseAreKeywordsOnlyWhereTheyStartACompoundStatement() {
    List<Statement> module = SourceTree.parse("match = re.match(p, s)\nmatch command:\n    case 'go':\n        run()\n");
    assertThat(module).extracting(Statement::kind).containsExactly(Statement.Kind.SIMPLE, Statement.Kind.MATCH);
    assertThat(module.get(1).body().get(0).kind()).isEqualTo(Statement.Kind.CASE);
  }

  @Test
  void aStatementPushedFarRightAfterASemicolonCarriesItsLead() {
    List<Statement> module = SourceTree.parse("import os" + " ".repeat(150) + ";exec(x)\n");
    assertThat(module).hasSize(2);
    assertThat(module.get(0).lead()).isZero();
    assertThat(module.get(1).lead()).isEqualTo(150);
  }

  @Test
  void blocksNestedPastTheLimitAreKeptAsSiblingsNotRecursedInto() {
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < SourceTree.MAX_NESTING + 50; i++) {
      deep.append(" ".repeat(i)).append("if x:\n");
    }
    deep.append(" ".repeat(SourceTree.MAX_NESTING + 50)).append("payload()\n");
    List<Statement> module = SourceTree.parse(deep.toString());
    assertThat(module).isNotEmpty();
    assertThat(flatten(module)).anyMatch(s -> s.tokens().get(0).is("payload"));
  }

  private static List<Statement> flatten(List<Statement> statements) {
    java.util.List<Statement> all = new java.util.ArrayList<>();
    java.util.Deque<Statement> todo = new java.util.ArrayDeque<>(statements);
    while (!todo.isEmpty()) {
      Statement s = todo.pop();
      all.add(s);
      todo.addAll(s.body());
    }
    return all;
  }
}
