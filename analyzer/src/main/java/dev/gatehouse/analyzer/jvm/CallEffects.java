package dev.gatehouse.analyzer.jvm;

import dev.gatehouse.analyzer.vocabulary.OutOfBandHosts;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;

/**
 * What the calls and constants of one method mean, recorded into its {@link MethodModel}: the sites of
 * sensitive APIs (the first of each {@link Fact} per method, which is enough evidence), the values calls
 * return, the calls into code that may be in the jar, and {@link FlowSink}s for sensitive APIs fed from
 * outside the method.
 */
final class CallEffects {
  /** Flow sinks kept per method: enough for real code, bounded for hostile code. */
  private static final int MAX_FLOWS = 16;
  private static final int HOME_OR_OUTSIDE = Taint.HOME | Taint.OUTSIDE;
  private static final int REMOTE_OR_DECODED = Taint.REMOTE | Taint.DECODED;
  /** The bits that built text can gain as a whole that none of its pieces had. */
  private static final int WHOLE_TEXT = Taint.OUT_OF_BAND | Taint.PERSISTENCE | Taint.CREDENTIAL;

  private final MethodModel method;
  private final UnaryOperator<String> intern;
  private final EnumSet<Fact> seen = EnumSet.noneOf(Fact.class);
  private final Map<String, Integer> callIndex = new HashMap<>();
  private int line;
  private int computedLookupLine = -1;
  private String computedLookup;
  private boolean invokes;

  CallEffects(MethodModel method, UnaryOperator<String> intern) {
    this.method = method;
    this.intern = intern;
  }

  void line(int line) {
    this.line = line;
    if (method.firstLine == 0) {
      method.firstLine = line;
    }
  }

  Operand constant(String text) {
    Operand value = Operand.constant(text);
    if ((value.taint & Taint.CREDENTIAL) != 0) {
      site(Fact.CREDENTIAL_PATH, "ldc " + quote(text));
    }
    if ((value.taint & Taint.HOME) != 0) {
      site(Fact.HOME_DIRECTORY, "ldc " + quote(text));
    }
    names("ldc ", text, value.taint);
    return value;
  }

  /** Records the out-of-band host or persistence target that {@code text} names, as evidence. */
  private void names(String how, String text, int taint) {
    if ((taint & Taint.OUT_OF_BAND) != 0) {
      site(Fact.OUT_OF_BAND_HOST, how + quote(text) + " (" + OutOfBandHosts.reason(text).orElse("out-of-band host") + ")");
    }
    if ((taint & Taint.PERSISTENCE) != 0) {
      site(Fact.PERSISTENCE_PATH, how + quote(text));
    }
  }

  /**
   * Reads built text whole: a host or path split into pieces ({@code "https://x.oa" + "st.fun/"}, {@code
   * Path.of(home, ".gradle", "gradle.properties")}) names what no piece names alone.
   */
  private void builtText(Operand value) {
    if (value == Operand.UNKNOWN || value.text == null) {
      return;
    }
    if (value.text.length() > Operand.MAX_TEXT) {
      value.text = null;
      return;
    }
    int bits = Taint.ofConstant(value.text) & WHOLE_TEXT & ~value.taint;
    if (bits != 0) {
      value.taint |= bits;
      names("built ", value.text, bits);
      if ((bits & Taint.CREDENTIAL) != 0) {
        site(Fact.CREDENTIAL_PATH, "built " + quote(value.text));
      }
    }
  }

  void instantiates(String type) {
    if (!inJdk(type)) {
      method.instantiates.add(intern.apply(type));
      touches(type);
    }
  }

  /** {@code owner}'s static initializer runs, if it has not yet, when this method uses the class. */
  void touches(String owner) {
    if (!inJdk(owner) && !owner.equals(method.owner.name)) {
      method.initializes.add(intern.apply(owner));
    }
  }

  void stores(String owner, String name, Operand value) {
    if (value.taint != 0) {
      method.fieldTaints.merge(intern.apply(owner + '.' + name), value.taint, (a, b) -> a | b);
    }
    if (value.call != null) {
      method.fieldCalls.putIfAbsent(intern.apply(owner + '.' + name), value.call);
    }
    if (value.params != 0) {
      method.fieldParams.merge(intern.apply(owner + '.' + name), value.params, (a, b) -> a | b);
    }
  }

  void returns(Operand value) {
    method.returnTaint |= value.taint;
  }

  Operand call(CallSite.Dispatch kind, String owner, String name, String desc, Operand receiver, Operand[] args) {
    String api = owner + '.' + name;
    Operand result = Operand.UNKNOWN;
    switch (SensitiveApis.roleOf(owner, name, desc)) {
      case PROCESS_SPAWN -> {
        site(Fact.PROCESS_SPAWN, api);
        decodedInto(Fact.ENCODED_COMMAND, api, receiver, args);
      }
      case NETWORK -> {
        site(Fact.NETWORK, api);
        outOfBand(api, receiver, args);
      }
      case URL_OPEN -> {
        outOfBand(api, receiver, args);
        if (receiver != null && (receiver.taint & REMOTE_OR_DECODED) != 0) {
          site(Fact.NETWORK, api + " on a remote address");
        } else {
          flow(Fact.NETWORK, REMOTE_OR_DECODED, api + " on a remote address", receiver, new Operand[0]);
        }
        result = Operand.derived(receiver, args);
      }
      case DNS -> {
        site(Fact.DNS, api);
        outOfBand(api, receiver, args); // resolving the name reaches the attacker's name server
      }
      case ENVIRONMENT -> result = environment(api, args);
      case SYSTEM_PROPERTY -> result = property(api, args);
      case NATIVE_LOAD -> site(Fact.NATIVE_LOAD, api);
      case CLASS_DEFINITION -> {
        site(Fact.CLASS_DEFINITION, api);
        decodedInto(Fact.ENCODED_CODE, api, receiver, args);
      }
      case CLASS_LOADER -> {
        boolean remote = (taintOf(receiver, args) & Taint.REMOTE) != 0;
        site(Fact.CLASS_LOADER, remote ? api + " over a remote URL" : api);
        decodedInto(Fact.ENCODED_CODE, api, receiver, args);
      }
      case SCRIPT_EVAL -> {
        site(Fact.SCRIPT_EVAL, api);
        decodedInto(Fact.ENCODED_CODE, api, receiver, args);
      }
      case JNDI_LOOKUP -> jndi(api, receiver, args);
      case CLASS_LOOKUP -> {
        int index = desc.startsWith("(Ljava/lang/Module;") ? 1 : 0;
        Operand className = index < args.length ? args[index] : Operand.UNKNOWN;
        if (className.constant == null && computedLookupLine < 0) {
          computedLookupLine = line;
          computedLookup = api;
        } else if (className.constant != null && name.equals("forName")) {
          touches(className.constant.replace('.', '/')); // forName initializes the class it names
        }
        decodedInto(Fact.ENCODED_CODE, api, receiver, args);
      }
      case MEMBER_LOOKUP -> {
        if (receiver != null && receiver.classLiteral != null && args.length > 0 && args[0].constant != null
            && !inJdk(receiver.classLiteral) && name.endsWith("Method")) {
          method.reflects.add(new MethodRef(intern.apply(receiver.classLiteral), intern.apply(args[0].constant), "*",
              CallSite.Dispatch.VIRTUAL));
        }
        decodedInto(Fact.ENCODED_CODE, api, receiver, args);
      }
      case REFLECTIVE_INVOKE -> invokes = true;
      case DECODE -> result = withTaint(Operand.derived(receiver, args), Taint.DECODED);
      case FILE_READ -> read(api, args.length > 0 ? args[0] : Operand.UNKNOWN);
      case FILE_WRITE -> {
        boolean copy = api.equals("java/nio/file/Files.copy") || api.equals("java/nio/file/Files.move");
        if (copy && args.length > 0) {
          read(api, args[0]);
        }
        // The path written is the target of a copy, the File itself, or the first argument; the data
        // written does not say where it goes.
        Operand target = copy && args.length > 1 ? args[1]
            : owner.equals("java/io/File") ? receiver
            : args.length > 0 ? args[0] : null;
        write(api, target);
      }
      case CALLBACK_RUNNER -> method.runsCallbacks = true;
      case DERIVE -> result = derivedText(Operand.derived(receiver, args), name, receiver, args);
      case APPEND -> {
        if (receiver != null) {
          for (Operand arg : args) {
            receiver.absorb(arg);
          }
          if (receiver.text != null && receiver != Operand.UNKNOWN) {
            receiver.text = name.equals("append") && args.length == 1 ? receiver.text + args[0].textOrUnknown() : null;
            builtText(receiver);
          }
          result = receiver;
        }
      }
      case NONE -> { }
    }
    if (name.equals("<init>") && receiver != null) {
      for (Operand arg : args) {
        receiver.absorb(arg); // an object is built from its constructor's arguments
      }
      if (receiver != Operand.UNKNOWN && (owner.equals("java/lang/StringBuilder") || owner.equals("java/lang/StringBuffer"))) {
        receiver.text = args.length == 1 && !desc.equals("(I)V") ? args[0].textOrUnknown() : "";
      }
      if (receiver != Operand.UNKNOWN && owner.equals("java/io/File") && args.length == 2) {
        receiver.text = joined(args[0], args[1]); // new File(home, ".bashrc")
        builtText(receiver);
      }
    }
    if (kind == CallSite.Dispatch.STATIC) {
      touches(owner);
    }
    if (!inJdk(owner)) {
      CallSite site = record(kind, owner, name, desc, args);
      if (result == Operand.UNKNOWN && returnsReference(desc)) {
        result = Operand.fromCall(site);
      }
    }
    return result;
  }

  Operand invokeDynamic(Handle bootstrap, Object[] bootstrapArgs, Operand[] args) {
    String factory = bootstrap.getOwner();
    if (factory.equals("java/lang/invoke/LambdaMetafactory")
        && bootstrapArgs.length >= 2 && bootstrapArgs[1] instanceof Handle body) {
      CallSite.Dispatch kind = switch (body.getTag()) {
        case Opcodes.H_INVOKESTATIC -> CallSite.Dispatch.STATIC;
        case Opcodes.H_INVOKESPECIAL, Opcodes.H_NEWINVOKESPECIAL -> CallSite.Dispatch.SPECIAL;
        case Opcodes.H_INVOKEINTERFACE -> CallSite.Dispatch.INTERFACE;
        default -> CallSite.Dispatch.VIRTUAL;
      };
      if (body.getTag() >= Opcodes.H_INVOKEVIRTUAL && !inJdk(body.getOwner())) {
        method.lambdas.add(new MethodRef(
            intern.apply(body.getOwner()), intern.apply(body.getName()), intern.apply(body.getDesc()), kind));
      }
      return Operand.UNKNOWN;
    }
    if (factory.equals("java/lang/invoke/StringConcatFactory")) {
      int taint = 0;
      for (Object constant : bootstrapArgs) {
        if (constant instanceof String text) {
          taint |= recipeTaint(text);
        }
      }
      Operand result = withTaint(Operand.derived(null, args), taint);
      if (result == Operand.UNKNOWN) {
        result = Operand.fresh();
      }
      result.text = recipeText(bootstrapArgs, args);
      builtText(result);
      return result;
    }
    return Operand.UNKNOWN;
  }

  /** Called once the method's code is read. */
  void finish() {
    if (computedLookupLine >= 0 && invokes) {
      method.sites.add(new Site(Fact.REFLECTIVE_CALL, computedLookupLine,
          computedLookup + "(computed name) + java/lang/reflect/Method.invoke"));
    }
  }

  /** The text a string-concatenation recipe builds, or {@code null} when the recipe is not one javac writes. */
  private static String recipeText(Object[] bootstrapArgs, Operand[] args) {
    if (bootstrapArgs.length == 0 || !(bootstrapArgs[0] instanceof String recipe)) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    int arg = 0;
    int constant = 1;
    for (int i = 0; i < recipe.length() && text.length() <= Operand.MAX_TEXT; i++) {
      char c = recipe.charAt(i);
      if (c == '\u0001') {
        text.append(arg < args.length ? args[arg++].textOrUnknown() : Operand.UNKNOWN_PART);
      } else if (c == '\u0002') {
        text.append(constant < bootstrapArgs.length ? String.valueOf(bootstrapArgs[constant++]) : Operand.UNKNOWN_PART);
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }

  /** A string's or builder's {@code toString} and {@code String.concat} keep the text being built. */
  private Operand derivedText(Operand result, String name, Operand receiver, Operand[] args) {
    String text = null;
    if (args.length == 2 && (name.equals("of") || name.equals("get"))) {
      text = joined(args[0], args[1]); // Path.of(first, more...), Paths.get(first, more...)
    } else if (receiver != null && args.length == 1 && name.equals("resolve")) {
      text = joined(receiver, args[0]);
    } else if (receiver != null && receiver.text != null && name.equals("toString")) {
      text = receiver.text;
    } else if (receiver != null && name.equals("concat") && args.length == 1 && (receiver.text != null || args[0].text != null)) {
      text = receiver.textOrUnknown() + args[0].textOrUnknown();
    }
    if (text == null) {
      return result;
    }
    Operand out = result == Operand.UNKNOWN ? Operand.fresh() : result;
    out.text = text;
    builtText(out);
    return out;
  }

  /** Two parts of a path joined, or {@code null} when neither is known text. */
  private static String joined(Operand parent, Operand child) {
    if (parent.text == null && child.text == null) {
      return null;
    }
    return parent.textOrUnknown() + "/" + child.textOrUnknown();
  }

  private static final java.util.regex.Pattern RECIPE_MARKS = java.util.regex.Pattern.compile("[\u0001\u0002]");

  /** The literal parts of a string-concatenation recipe ({@code \1} marks an argument, {@code \2} a constant). */
  private int recipeTaint(String recipe) {
    int taint = 0;
    boolean first = true;
    for (String part : RECIPE_MARKS.split(recipe)) {
      if (part.isEmpty()) {
        first = false;
        continue;
      }
      // Remote, home and system prefixes only count at the start; a credential name counts anywhere.
      int bits = first ? Taint.ofConstant(part) : Taint.ofConstant(part) & Taint.CREDENTIAL;
      if (bits != 0) {
        constant(part);
      }
      taint |= bits;
      first = false;
    }
    return taint;
  }

  private Operand environment(String api, Operand[] args) {
    if (args.length == 0) {
      site(Fact.ENVIRONMENT_DUMP, api + "()");
      return Operand.UNKNOWN;
    }
    String variable = args[0].constant;
    site(Fact.ENVIRONMENT_READ, api + "(" + (variable == null ? "computed name" : quote(variable)) + ")");
    if ("HOME".equals(variable) || "USERPROFILE".equals(variable)) {
      site(Fact.HOME_DIRECTORY, api + "(" + quote(variable) + ")");
      return Operand.tainted(Taint.HOME);
    }
    return Operand.UNKNOWN;
  }

  private Operand property(String api, Operand[] args) {
    if (args.length > 0 && "user.home".equals(args[0].constant)) {
      site(Fact.HOME_DIRECTORY, api + "(\"user.home\")");
      return Operand.tainted(Taint.HOME);
    }
    return Operand.UNKNOWN;
  }

  private void jndi(String api, Operand receiver, Operand[] args) {
    String name = args.length > 0 ? args[0].constant : null;
    if (name != null && name.startsWith("java:")) {
      return; // the container's own namespace (java:comp/env/...), not a remote directory
    }
    site(Fact.JNDI_LOOKUP, api + "(" + (name == null ? "computed name" : quote(name)) + ")");
    decodedInto(Fact.ENCODED_CODE, api, receiver, args);
  }

  private void read(String api, Operand path) {
    site(Fact.FILE_READ, api);
    if ((path.taint & Taint.CREDENTIAL) != 0) {
      site(Fact.CREDENTIAL_FILE_READ, api + " on a credential path");
    } else {
      flow(Fact.CREDENTIAL_FILE_READ, Taint.CREDENTIAL, api + " on a credential path", path, new Operand[0]);
    }
  }

  private void outOfBand(String api, Operand receiver, Operand[] args) {
    String excerpt = api + " to an out-of-band host";
    if ((taintOf(receiver, args) & Taint.OUT_OF_BAND) != 0) {
      site(Fact.OUT_OF_BAND_NETWORK, excerpt);
    } else {
      flow(Fact.OUT_OF_BAND_NETWORK, Taint.OUT_OF_BAND, excerpt, receiver, args);
    }
  }

  private void write(String api, Operand path) {
    if (path == null) {
      return;
    }
    if ((path.taint & Taint.PERSISTENCE) != 0) {
      site(Fact.PERSISTENCE_WRITE, api + " on a persistence target");
    } else {
      flow(Fact.PERSISTENCE_WRITE, Taint.PERSISTENCE, api + " on a persistence target", path, new Operand[0]);
    }
    if ((path.taint & HOME_OR_OUTSIDE) != 0) {
      site(Fact.FILE_WRITE_OUTSIDE, api + ((path.taint & Taint.HOME) != 0
          ? " under the home folder" : " outside the working directory"));
    } else {
      flow(Fact.FILE_WRITE_OUTSIDE, HOME_OR_OUTSIDE, api + " outside the working directory", path, new Operand[0]);
    }
  }

  private void decodedInto(Fact fact, String api, Operand receiver, Operand[] args) {
    String excerpt = "decoded data into " + api;
    if ((taintOf(receiver, args) & Taint.DECODED) != 0) {
      site(fact, excerpt);
    } else {
      flow(fact, Taint.DECODED, excerpt, receiver, args);
    }
  }

  /** Records a sink whose argument comes from a parameter, a call into the jar or a field. */
  private void flow(Fact fact, int needed, String excerpt, Operand receiver, Operand[] args) {
    Operand origins = Operand.derived(receiver, args);
    if (seen.contains(fact) || method.flows.size() >= MAX_FLOWS
        || (origins.params == 0 && origins.call == null && origins.field == null)) {
      return;
    }
    method.flows.add(new FlowSink(fact, needed, origins.params, origins.call, origins.field, line, excerpt));
  }

  private void site(Fact fact, String excerpt) {
    if (seen.add(fact)) {
      method.sites.add(new Site(fact, line, excerpt));
    }
  }

  private CallSite record(CallSite.Dispatch kind, String owner, String name, String desc, Operand[] args) {
    int[] taints = null;
    CallSite[] calls = null;
    String[] fields = null;
    for (int i = 0; i < args.length; i++) {
      Operand arg = args[i];
      if (arg.taint != 0) {
        taints = taints == null ? new int[args.length] : taints;
        taints[i] = arg.taint;
      }
      if (arg.call != null) {
        calls = calls == null ? new CallSite[args.length] : calls;
        calls[i] = arg.call;
      }
      if (arg.field != null) {
        fields = fields == null ? new String[args.length] : fields;
        fields[i] = arg.field;
      }
    }
    String key = kind.ordinal() + owner + '.' + name + desc;
    Integer known = callIndex.get(key);
    if (known == null) {
      CallSite site = new CallSite(intern.apply(owner), intern.apply(name), intern.apply(desc), kind, line,
          taints, calls, fields);
      callIndex.put(key, method.calls.size());
      method.calls.add(site);
      return site;
    }
    // The same callee called again with other arguments: keep what either call passed.
    CallSite site = method.calls.get(known).withArguments(taints, calls, fields);
    method.calls.set(known, site);
    return site;
  }

  private static Operand withTaint(Operand value, int taint) {
    if (taint == 0) {
      return value;
    }
    Operand out = value == Operand.UNKNOWN ? Operand.fresh() : value;
    out.taint |= taint;
    return out;
  }

  private static int taintOf(Operand receiver, Operand[] args) {
    int taint = receiver == null ? 0 : receiver.taint;
    for (Operand arg : args) {
      taint |= arg.taint;
    }
    return taint;
  }

  private static boolean returnsReference(String desc) {
    char kind = desc.charAt(desc.indexOf(')') + 1);
    return kind == 'L' || kind == '[';
  }

  /** Classes of the JDK itself, which a jar cannot replace and whose bodies are not followed. */
  static boolean inJdk(String owner) {
    return owner.startsWith("java/") || owner.startsWith("[");
  }

  private static String quote(String text) {
    return '"' + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + '"';
  }
}
