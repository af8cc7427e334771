package dev.gatehouse.analyzer.python;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the source of one Python file into a {@link ModuleSummary}: its top level first (what runs on
 * import, building the module's names as it goes), then each function and method body as its own
 * scope that sees the module's final names. The source is dropped afterwards; only summaries are kept,
 * so the memory an artifact needs grows with what its code does, not with its size.
 */
final class ModuleScanner {
  private final Inspector inspector;
  private final int maxTokens;

  ModuleScanner(int maxDecodedBytes) {
    this(maxDecodedBytes, Integer.MAX_VALUE - 1);
  }

  /** @param maxTokens tokens read from one file ({@code limits.maxTokensPerFile}); more is {@link SourceTree.Unanalyzable} */
  ModuleScanner(int maxDecodedBytes, int maxTokens) {
    this.inspector = new Inspector(new PayloadDecoder(maxDecodedBytes));
    this.maxTokens = maxTokens;
  }

  ModuleSummary summarize(SourceFile file, String source) {
    // Parsed first: a file past the token limit is refused before its lines are copied out.
    List<Statement> statements = SourceTree.parseModule(source, maxTokens);
    String[] lines = source.split("\r?\n|\r", -1);
    Scope scope = new Scope();
    ScopeSummary.Builder top = new ScopeSummary.Builder();
    List<ScopeScanner.Deferred> deferred = new ArrayList<>();
    Map<String, List<String>> classes = new LinkedHashMap<>();
    new ScopeScanner(file, scope, top, inspector, lines, 0, 0, true, "", deferred, classes).statements(statements);
    Map<String, ScopeSummary> functions = new HashMap<>();
    // Function bodies may define nested functions, which join the queue: each definition is scanned once.
    for (int i = 0; i < deferred.size(); i++) {
      ScopeScanner.Deferred d = deferred.get(i);
      Scope local = scope.child();
      List<PythonToken> header = d.definition().tokens();
      int nameAt = header.get(0).is("async") ? 2 : 1;
      List<String> parameters = ScopeScanner.parameters(header, nameAt + 1);
      parameters.forEach(local::local);
      local.parameters(parameters);
      ScopeSummary.Builder body = new ScopeSummary.Builder();
      body.parameters(parameters);
      new ScopeScanner(file, local, body, inspector, lines, 0, 0, false, d.qualifier() + ".", deferred, classes)
          .statements(d.definition().body());
      functions.putIfAbsent(d.qualifier(), body.build());
    }
    return new ModuleSummary(file.path(), file.module(), top.build(), functions, classes, scope.aliases(),
        scope.stars());
  }
}
