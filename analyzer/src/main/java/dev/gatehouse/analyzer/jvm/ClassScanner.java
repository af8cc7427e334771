package dev.gatehouse.analyzer.jvm;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Reads one class file with ASM into a {@link ClassModel}, each method through a {@link MethodScanner}.
 * It reads debug information (line numbers) and stack map frames, and never loads or runs the class.
 */
final class ClassScanner extends ClassVisitor {
  private final String path;
  private final UnaryOperator<String> intern;
  private ClassModel model;

  private ClassScanner(String path, UnaryOperator<String> intern) {
    super(Opcodes.ASM9);
    this.path = path;
    this.intern = intern;
  }

  /**
   * Scans {@code bytes}, the class file at {@code path}.
   *
   * @return the model, or {@code null} for a {@code module-info} class, which holds no code
   * @throws NotAClassException when the bytes are not a class file ASM can read
   */
  static ClassModel scan(byte[] bytes, String path, UnaryOperator<String> intern) throws NotAClassException {
    if (bytes.length < 10 || !isClassFile(bytes)) {
      throw new NotAClassException("not a class file (no 0xCAFEBABE header)");
    }
    try {
      ClassFileBounds.check(bytes);
    } catch (NotAClassException overrun) {
      throw new NotAClassException("class file could not be parsed: " + overrun.getMessage());
    }
    ClassScanner scanner = new ClassScanner(path, intern);
    try {
      new ClassReader(bytes).accept(scanner, 0);
    } catch (RuntimeException | AssertionError malformed) {
      // ASM reports unsupported versions with IllegalArgumentException, corrupt constant pools or code with index
      // errors, and a malformed type descriptor with AssertionError (Type.getSize): either way the class cannot be
      // analyzed, so it must not pass as clean.
      String why = malformed.getMessage() == null ? malformed.getClass().getSimpleName() : malformed.getMessage();
      throw new NotAClassException("class file could not be parsed: " + why);
    }
    return scanner.model;
  }

  /** True when {@code head} starts with the class-file magic number. */
  static boolean isClassFile(byte[] head) {
    return head.length >= 4 && (head[0] & 0xff) == 0xCA && (head[1] & 0xff) == 0xFE
        && (head[2] & 0xff) == 0xBA && (head[3] & 0xff) == 0xBE;
  }

  @Override
  public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
    if ((access & Opcodes.ACC_MODULE) != 0) {
      return;
    }
    List<String> supers = interfaces == null ? List.of()
        : Arrays.stream(interfaces).map(intern).toList();
    model = new ClassModel(intern.apply(name), superName == null ? null : intern.apply(superName), supers, access, path);
  }

  @Override
  public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
    if (model == null) {
      return null;
    }
    MethodModel method = new MethodModel(model, intern.apply(name), intern.apply(descriptor), access);
    model.methods.put(method.name + method.desc, method);
    return new MethodScanner(method, intern);
  }

  /** A {@code .class} entry that is not a class file this analysis can read. */
  static final class NotAClassException extends Exception {
    private static final long serialVersionUID = 1L;

    NotAClassException(String message) {
      super(message);
    }
  }
}
