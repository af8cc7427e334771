package dev.gatehouse.analyzer.jvm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The classes and registrations of one jar: the artifact itself, or one jar nested in it (each nested jar
 * is a library of its own, so calls are never followed from one jar into another). A class may appear
 * more than once, in {@code META-INF/versions/N/} of a multi-release jar for instance; every variant is
 * kept, and a call reaches all of them.
 */
final class JarContents {
  /** {@code ""} for the artifact, {@code BOOT-INF/lib/x.jar!/} for a nested jar. */
  final String prefix;
  final List<Registration> registrations = new ArrayList<>();
  /** Paths of the first few entries that are class files under another name, such as {@code x.SCL.lombok}. */
  final List<String> hiddenClasses = new ArrayList<>();
  int hiddenClassCount;
  private final Map<String, List<ClassModel>> classes = new HashMap<>();
  private final Map<String, String> strings = new HashMap<>();

  JarContents(String prefix) {
    this.prefix = prefix;
  }

  void hiddenClass(String path) {
    if (hiddenClassCount++ < 3) {
      hiddenClasses.add(path);
    }
  }

  /** Shares equal strings (owners, names, descriptors) between the methods of this jar. */
  UnaryOperator<String> interner() {
    return s -> strings.computeIfAbsent(s, k -> k);
  }

  void add(ClassModel model) {
    classes.computeIfAbsent(model.name, k -> new ArrayList<>(1)).add(model);
  }

  /** Every variant of the class {@code internalName} in this jar; empty when it is not here. */
  List<ClassModel> variants(String internalName) {
    List<ClassModel> found = classes.get(internalName);
    return found == null ? List.of() : found;
  }

  boolean contains(String internalName) {
    return classes.containsKey(internalName);
  }

  /** All classes, ordered by name and then path, so that findings come out in the same order every time. */
  List<ClassModel> sorted() {
    List<ClassModel> all = new ArrayList<>();
    classes.values().forEach(all::addAll);
    all.sort(Comparator.comparing((ClassModel c) -> c.name).thenComparing(c -> c.path));
    return all;
  }

  /** Every method of the jar, in no particular order, for whole-jar summaries such as field taints. */
  Iterable<MethodModel> allMethods() {
    List<MethodModel> all = new ArrayList<>();
    for (List<ClassModel> variants : classes.values()) {
      for (ClassModel model : variants) {
        all.addAll(model.methods.values());
      }
    }
    return all;
  }
}
