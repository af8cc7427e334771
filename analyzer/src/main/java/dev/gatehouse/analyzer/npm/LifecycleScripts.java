package dev.gatehouse.analyzer.npm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a lifecycle script does: each command of the shell line is followed to code Gatehouse can read
 * ({@code node file.js}, {@code node -e}, {@code sh script.sh}, {@code npm run other}), recognised as a
 * well-known benign form ({@code node-gyp rebuild}, {@code prebuild-install}, {@code husky}, ...), or
 * recognised as a shell payload (download and run, {@code curl | sh}, PowerShell {@code -enc} or
 * {@code iex}). Anything else is opaque: it runs, and nobody looked inside.
 */
final class LifecycleScripts {
  /** Scripts npm runs when a package is installed from the registry. */
  static final List<String> INSTALL = List.of("preinstall", "install", "postinstall");
  /** Scripts npm runs only for git dependencies and the project's own install. */
  static final List<String> PREPARE = List.of("preprepare", "prepare", "postprepare");
  /** How deep {@code npm run x} inside {@code sh y.sh} inside a script is followed. */
  static final int MAX_DEPTH = 4;

  private static final Set<String> NATIVE_BUILDERS = Set.of(
      "node-gyp", "node-gyp-build", "node-gyp-build-optional-packages", "prebuild-install", "node-pre-gyp",
      "cmake-js", "electron-rebuild", "pkg-prebuilds-verify");
  private static final Set<String> KNOWN_BENIGN = Set.of(
      "husky", "is-ci", "opencollective-postinstall", "opencollective", "patch-package", "only-allow",
      "npm-only-allow", "ngcc", "ts-patch");
  /** Builtins and text filters: they print, compare and cut text, and run nothing. */
  private static final Set<String> NO_OPS = Set.of(
      "echo", "exit", "true", ":", "printf", "cd", "test", "[", "sleep", "false", "sed", "head", "tail", "grep",
      "wc", "cut", "tr", "awk", "sort", "uniq", "basename", "dirname", "pwd", "date", "ls", "cat", "type");
  private static final Set<String> BUILD_TOOLS = Set.of(
      "tsc", "babel", "rollup", "webpack", "vite", "tsup", "esbuild", "swc", "rimraf", "shx", "del-cli", "mkdirp",
      "cpy", "copyfiles", "ncp", "run-s", "run-p", "npm-run-all", "concurrently", "turbo", "nx", "lerna", "gulp",
      "grunt", "make", "cmake", "mkdir", "rm", "cp", "mv", "tsx", "ts-node", "node-gyp", "prebuildify", "unbuild",
      "microbundle", "bob", "svelte-kit", "ng-packagr", "vue-tsc", "parcel", "jest", "eslint", "prettier", "pkgroll");
  private static final Set<String> DOWNLOADERS = Set.of(
      "curl", "wget", "invoke-webrequest", "iwr", "invoke-restmethod", "irm", "certutil", "bitsadmin", "aria2c");
  private static final Set<String> INTERPRETERS = Set.of(
      "sh", "bash", "zsh", "dash", "ksh", "node", "python", "python3", "perl", "ruby", "iex", "invoke-expression",
      "powershell", "pwsh");
  private static final Set<String> PACKAGE_MANAGERS = Set.of("npm", "yarn", "pnpm", "bun");
  private static final Set<String> RUNNERS = Set.of("npx", "pnpx", "bunx");

  private final PackageFiles files;
  private final ModuleGraph graph;
  private final Map<String, String> scripts;
  /** True while a prepare-family script is analyzed: build tools there are expected, not opaque. */
  private boolean preparing;

  LifecycleScripts(PackageFiles files, ModuleGraph graph, Map<String, String> scripts) {
    this.files = files;
    this.graph = graph;
    this.scripts = scripts;
  }

  /** What the script {@code key} reaches when npm runs it. */
  Reach analyze(String key) throws IOException {
    Reach reach = new Reach();
    Shape shape = new Shape();
    preparing = PREPARE.contains(key);
    line(scripts.get(key), "package.json scripts." + key, reach, shape, 0);
    shape.conclude(reach, "package.json scripts." + key, scripts.get(key));
    return reach;
  }

  /** What one command line reaches, such as an action of {@code binding.gyp}. */
  Reach analyzeCommand(String command, String where) throws IOException {
    Reach reach = new Reach();
    Shape shape = new Shape();
    preparing = false;
    line(command, where, reach, shape, 0);
    shape.conclude(reach, where, command);
    return reach;
  }

  /** Download-and-run is a property of the whole script, not of one command: curl here, ./x there. */
  private static final class Shape {
    boolean download;
    boolean pipedToInterpreter;
    boolean madeExecutable;
    boolean ranLocal;
    boolean decodedToShell;

    void conclude(Reach reach, String where, String excerpt) {
      if (download && (pipedToInterpreter || madeExecutable || ranLocal)) {
        reach.see(new Sighting(Signal.DOWNLOAD_AND_RUN, where, 0, excerpt));
      }
      if (decodedToShell) {
        reach.see(new Sighting(Signal.ENCODED, where, 0, excerpt));
        reach.see(new Sighting(Signal.DYNAMIC, where, 0, excerpt));
      }
    }
  }

  private void line(String command, String where, Reach reach, Shape shape, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      reach.limited("scripts nested deeper than %d in %s".formatted(MAX_DEPTH, where));
      return;
    }
    for (List<ShellCommand.Simple> pipeline : ShellCommand.parse(command)) {
      for (int k = 0; k < pipeline.size(); k++) {
        ShellCommand.Simple simple = pipeline.get(k);
        String next = k + 1 < pipeline.size() ? program(strip(pipeline.get(k + 1).argv())) : "";
        command(strip(simple.argv()), next, where, reach, shape, depth, String.join(" ", simple.argv()));
      }
    }
  }

  /** Drops what only sets up a command: {@code FOO=1}, {@code cross-env}, {@code env}, {@code sudo}. */
  static List<String> strip(List<String> argv) {
    int i = 0;
    while (i < argv.size()) {
      String w = argv.get(i);
      String p = program(List.of(w));
      if (w.matches("[A-Za-z_][A-Za-z0-9_]*=.*") || p.equals("cross-env") || p.equals("cross-env-shell")
          || p.equals("sudo") || p.equals("exec") || p.equals("nohup") || p.equals("time")
          || (p.equals("env") && i + 1 < argv.size())) {
        i++;
      } else if (p.equals("start") && i + 1 < argv.size()) {
        i++;
        while (i < argv.size() && argv.get(i).startsWith("/")) {
          i++; // start /B /wait: Windows flags
        }
      } else {
        break;
      }
    }
    return argv.subList(i, argv.size());
  }

  /** The program's name without folders or Windows extensions, lower case. */
  static String program(List<String> argv) {
    if (argv.isEmpty()) {
      return "";
    }
    String p = argv.get(0).replace('\\', '/');
    p = p.substring(p.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    for (String ext : new String[] {".exe", ".cmd", ".bat"}) {
      if (p.endsWith(ext)) {
        p = p.substring(0, p.length() - ext.length());
      }
    }
    return p;
  }

  private void command(List<String> argv, String pipesTo, String where, Reach reach, Shape shape, int depth,
      String excerpt) throws IOException {
    if (argv.isEmpty()) {
      return;
    }
    for (String word : argv) {
      if (CredentialPaths.mentions(word.replace("$HOME", "~").replace("${HOME}", "~"))) {
        reach.see(new Sighting(Signal.CREDENTIAL, where, 0, excerpt));
      }
    }
    String p = program(argv);
    if (NO_OPS.contains(p) || JsCapabilities.PROBES.contains(p) || isGypVariable(argv.get(0))) {
      return;
    }
    if (NATIVE_BUILDERS.contains(p) || KNOWN_BENIGN.contains(p)) {
      reach.benign(String.join(" ", argv));
      return;
    }
    if (DOWNLOADERS.contains(p)) {
      shape.download = true;
      shape.pipedToInterpreter |= INTERPRETERS.contains(pipesTo);
      reach.see(new Sighting(Signal.NETWORK, where, 0, excerpt));
      return;
    }
    if (p.equals("base64") && argv.stream().anyMatch(a -> a.equals("-d") || a.equals("--decode") || a.equals("-D"))
        && INTERPRETERS.contains(pipesTo)) {
      shape.decodedToShell = true; // echo ... | base64 -d | sh
      return;
    }
    if (p.equals("chmod") && argv.stream().anyMatch(a -> a.contains("+x") || a.matches("[0-7]?[157][0-7][0-7]"))) {
      shape.madeExecutable = true;
      return;
    }
    if ((p.equals("env") || p.equals("printenv") || p.equals("set")) && argv.size() == 1) {
      reach.see(new Sighting(Signal.ENVIRONMENT, where, 0, excerpt));
      return;
    }
    switch (p) {
      case "node", "nodejs" -> node(argv, where, reach, shape, depth, excerpt);
      case "sh", "bash", "zsh", "dash", "ksh" -> shell(argv, where, reach, shape, depth, excerpt);
      case "powershell", "pwsh" -> powershell(argv, where, reach, shape, excerpt);
      case "cmd" -> {
        int c = indexOfIgnoreCase(argv, "/c");
        if (c > 0) {
          line(String.join(" ", argv.subList(c + 1, argv.size())), where, reach, shape, depth + 1);
        } else {
          reach.opaque(excerpt);
        }
      }
      default -> {
        if (PACKAGE_MANAGERS.contains(p) || RUNNERS.contains(p)) {
          packageManager(p, argv, where, reach, shape, depth, excerpt);
        } else if (preparing && BUILD_TOOLS.contains(p)) {
          reach.benign(String.join(" ", argv));
        } else {
          local(argv, where, reach, shape, depth, excerpt);
        }
      }
    }
  }

  private void node(List<String> argv, String where, Reach reach, Shape shape, int depth, String excerpt)
      throws IOException {
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if ((a.equals("-e") || a.equals("--eval") || a.equals("-p") || a.equals("--print")) && i + 1 < argv.size()) {
        reach.merge(graph.inline(where + " (node " + a + ")", argv.get(i + 1)));
        return;
      }
      if ((a.equals("-r") || a.equals("--require") || a.equals("--import")) && i + 1 < argv.size()) {
        nodeFile(argv.get(++i), reach, excerpt);
      } else if (!a.startsWith("-")) {
        nodeFile(a, reach, excerpt);
        return;
      }
    }
  }

  private void nodeFile(String path, Reach reach, String excerpt) throws IOException {
    String normalized = ModuleGraph.normalize(path.replace('\\', '/'));
    Optional<String> file = normalized == null ? Optional.empty() : graph.resolveFile(normalized);
    if (file.isEmpty()) {
      reach.opaque("`" + excerpt + "` runs " + path + ", which is not in the package");
      return;
    }
    reach.merge(graph.program(file.get()));
  }

  private void shell(List<String> argv, String where, Reach reach, Shape shape, int depth, String excerpt)
      throws IOException {
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("-c") && i + 1 < argv.size()) {
        line(argv.get(i + 1), where, reach, shape, depth + 1);
        return;
      }
      if (!a.startsWith("-")) {
        shellFile(a, where, reach, shape, depth, excerpt);
        return;
      }
    }
    // A shell reading its commands from a pipe runs whatever came before it.
  }

  private void shellFile(String path, String where, Reach reach, Shape shape, int depth, String excerpt)
      throws IOException {
    String normalized = ModuleGraph.normalize(path.replace('\\', '/'));
    Optional<String> text = normalized == null ? Optional.empty() : files.text(normalized);
    if (text.isEmpty()) {
      reach.opaque("`" + excerpt + "` runs " + path + ", which is not in the package");
      return;
    }
    reach.analyzed(normalized);
    line(text.get(), normalized, reach, shape, depth + 1);
  }

  private void powershell(List<String> argv, String where, Reach reach, Shape shape, String excerpt) {
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i).toLowerCase(Locale.ROOT);
      if (a.startsWith("-e") && "-encodedcommand".startsWith(a) && a.length() >= 2) {
        reach.see(new Sighting(Signal.ENCODED, where, 0, excerpt));
        reach.see(new Sighting(Signal.DYNAMIC, where, 0, excerpt));
        reach.see(new Sighting(Signal.SPAWN, where, 0, excerpt));
        return;
      }
    }
    String body = String.join(" ", argv).toLowerCase(Locale.ROOT);
    boolean fetches = body.contains("downloadstring") || body.contains("downloadfile") || body.contains("invoke-webrequest")
        || body.contains("iwr ") || body.contains("net.webclient") || body.contains("invoke-restmethod");
    boolean runs = body.contains("iex") || body.contains("invoke-expression") || body.contains("start-process");
    if (fetches) {
      reach.see(new Sighting(Signal.NETWORK, where, 0, excerpt));
      shape.download = true;
      shape.pipedToInterpreter |= runs;
    }
    if (!fetches || !runs) {
      reach.opaque(excerpt);
    }
  }

  private void packageManager(String p, List<String> argv, String where, Reach reach, Shape shape, int depth,
      String excerpt) throws IOException {
    List<String> rest = new ArrayList<>(argv.subList(1, argv.size()));
    rest.removeIf(a -> a.equals("-y") || a.equals("--yes") || a.equals("-s") || a.equals("--silent")
        || a.equals("-q") || a.equals("--quiet") || a.startsWith("--if-present"));
    String sub = rest.isEmpty() ? "" : rest.get(0);
    boolean runner = RUNNERS.contains(p) || sub.equals("exec") || sub.equals("dlx");
    if (runner) {
      List<String> tool = RUNNERS.contains(p) ? rest : rest.subList(1, rest.size());
      command(strip(tool), "", where, reach, shape, depth + 1, excerpt);
      return;
    }
    String script = sub.equals("run") || sub.equals("run-script") ? (rest.size() > 1 ? rest.get(1) : "")
        : (!p.equals("npm") && scripts.containsKey(sub) ? sub : null);
    if (script != null && scripts.containsKey(script)) {
      line(scripts.get(script), "package.json scripts." + script, reach, shape, depth + 1);
    } else if (script != null && script.isEmpty()) {
      return;
    } else {
      reach.opaque(excerpt); // npm install, yarn add, ...: more packages, whose own scripts run
    }
  }

  /** {@code ./bin/x}, {@code x.sh}, {@code make}: a bundled file is read if it is a script. */
  private void local(List<String> argv, String where, Reach reach, Shape shape, int depth, String excerpt)
      throws IOException {
    String path = argv.get(0);
    String normalized = ModuleGraph.normalize(path.replace('\\', '/'));
    if (normalized != null && (path.contains("/") || path.endsWith(".sh")) && files.exists(normalized)) {
      Optional<String> text = files.text(normalized);
      if (text.isPresent() && text.get().startsWith("#!") && text.get().lines().findFirst().orElse("").contains("node")) {
        reach.merge(graph.program(normalized));
        return;
      }
      if (text.isPresent() && (normalized.endsWith(".sh") || text.get().startsWith("#!/bin/") || text.get().startsWith("#!/usr/bin/env"))) {
        reach.analyzed(normalized);
        line(text.get(), normalized, reach, shape, depth + 1);
        return;
      }
    }
    if (path.startsWith("./") || path.startsWith(".\\")) {
      shape.ranLocal = true;
    }
    reach.opaque(excerpt);
  }

  /** {@code <(os_linux_compiler)} in a gyp action is node-gyp's own setting, the compiler it already runs. */
  private static boolean isGypVariable(String word) {
    return word.equals(BindingGyp.VARIABLE);
  }

  private static int indexOfIgnoreCase(List<String> argv, String word) {
    for (int i = 0; i < argv.size(); i++) {
      if (argv.get(i).equalsIgnoreCase(word)) {
        return i;
      }
    }
    return -1;
  }
}
