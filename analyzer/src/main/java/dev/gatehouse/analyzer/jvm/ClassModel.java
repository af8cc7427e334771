package dev.gatehouse.analyzer.jvm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;

/** One class file of a jar, reduced to what {@link ReachableCalls} follows. Read-only once scanned. */
final class ClassModel {
  /** Internal name, such as {@code com/example/A$B}. */
  final String name;
  /** Internal name of the superclass, or {@code null} for {@code java/lang/Object} and modules. */
  final String superName;
  final List<String> interfaces;
  final int access;
  /** The class file's path from the artifact's root, nested jars joined with {@code !/}. */
  final String path;
  /** Methods by {@code name + descriptor}, in class-file order. */
  final Map<String, MethodModel> methods = new LinkedHashMap<>();

  ClassModel(String name, String superName, List<String> interfaces, int access, String path) {
    this.name = name;
    this.superName = superName;
    this.interfaces = List.copyOf(interfaces);
    this.access = access;
    this.path = path;
  }

  boolean isInterface() {
    return (access & Opcodes.ACC_INTERFACE) != 0;
  }

  /** {@code com.example.A$B}, the name a reviewer sees. */
  String binaryName() {
    return name.replace('/', '.');
  }

  MethodModel method(String name, String desc) {
    return methods.get(name + desc);
  }
}
