package dev.gatehouse.analyzer.jvm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Reads one method's bytecode in order, keeping a symbolic operand stack and local variables of {@link
 * Operand}s, so that a call knows whether its argument is a constant, a parameter, or something built from
 * the home folder or a decoded string. What each call means is decided by {@link CallEffects}.
 *
 * <p>The simulation is straight-line: at a branch target it takes the stack shape from the class file's
 * stack map frame and forgets the values (they may come from several paths); without frames (class files
 * before Java 6) a pop from an empty stack is simply unknown. It never fails on odd but valid code; it
 * errs towards "unknown", which makes findings rarer, never wrong about constants.
 */
final class MethodScanner extends MethodVisitor {
  private static final String[] CALLBACK_ANNOTATIONS = {
    "Lorg/springframework/context/annotation/Bean;", "Ljavax/annotation/PostConstruct;",
    "Ljakarta/annotation/PostConstruct;"
  };

  private final MethodModel method;
  private final CallEffects effects;
  private final UnaryOperator<String> intern;
  private final ArrayList<Operand> stack = new ArrayList<>();
  private Operand[] locals = new Operand[8];

  MethodScanner(MethodModel method, UnaryOperator<String> intern) {
    super(Opcodes.ASM9);
    this.method = method;
    this.intern = intern;
    this.effects = new CallEffects(method, intern);
  }

  @Override
  public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
    for (String callback : CALLBACK_ANNOTATIONS) {
      if (callback.equals(descriptor)) {
        method.springCallback = true;
      }
    }
    if (descriptor.equals("Lorg/gradle/api/tasks/TaskAction;")) {
      method.taskAction = true;
    }
    return null;
  }

  @Override
  public void visitCode() {
    int slot = 0;
    if ((method.access & Opcodes.ACC_STATIC) == 0) {
      store(slot++, Operand.UNKNOWN);
    }
    Type[] params = Type.getArgumentTypes(method.desc);
    for (int i = 0; i < params.length; i++) {
      store(slot, params[i].getSort() >= Type.ARRAY ? Operand.parameter(i) : Operand.UNKNOWN);
      slot += params[i].getSize();
    }
  }

  @Override
  public void visitLineNumber(int line, Label start) {
    effects.line(line);
  }

  @Override
  public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stackTypes) {
    // A branch target: values may arrive from several paths, so keep only the shape.
    stack.clear();
    int entries = type == Opcodes.F_SAME1 ? 1 : (type == Opcodes.F_NEW || type == Opcodes.F_FULL) ? numStack : 0;
    for (int i = 0; i < entries && i < stackTypes.length; i++) {
      push(Operand.UNKNOWN, stackTypes[i] == Opcodes.LONG || stackTypes[i] == Opcodes.DOUBLE ? 2 : 1);
    }
  }

  @Override
  public void visitInsn(int opcode) {
    switch (opcode) {
      case Opcodes.DUP -> {
        Operand v = pop();
        push(v);
        push(v);
      }
      case Opcodes.DUP_X1 -> {
        Operand v1 = pop();
        Operand v2 = pop();
        pushAll(v1, v2, v1);
      }
      case Opcodes.DUP_X2 -> {
        Operand v1 = pop();
        Operand v2 = pop();
        Operand v3 = pop();
        pushAll(v1, v3, v2, v1);
      }
      case Opcodes.DUP2 -> {
        Operand v1 = pop();
        Operand v2 = pop();
        pushAll(v2, v1, v2, v1);
      }
      case Opcodes.DUP2_X1 -> {
        Operand v1 = pop();
        Operand v2 = pop();
        Operand v3 = pop();
        pushAll(v2, v1, v3, v2, v1);
      }
      case Opcodes.DUP2_X2 -> {
        Operand v1 = pop();
        Operand v2 = pop();
        Operand v3 = pop();
        Operand v4 = pop();
        pushAll(v2, v1, v4, v3, v2, v1);
      }
      case Opcodes.SWAP -> {
        Operand v1 = pop();
        Operand v2 = pop();
        pushAll(v1, v2);
      }
      case Opcodes.AASTORE -> {
        Operand value = pop();
        pop();
        Operand array = pop();
        array.absorb(value); // an array built from tainted parts is tainted
        if (array != Operand.UNKNOWN && value.text != null
            && (array.text == null || array.text.length() <= Operand.MAX_TEXT)) {
          // The parts of a path given as varargs (Path.of(".github", "workflows", name)), read as one path;
          // a long table of strings stops growing once past MAX_TEXT, and builtText drops it.
          array.text = (array.text == null ? "" : array.text + "/") + value.textOrUnknown();
        }
      }
      case Opcodes.AALOAD -> {
        pop();
        push(Operand.derived(pop(), new Operand[0]));
      }
      case Opcodes.ARETURN -> {
        effects.returns(pop());
        stack.clear();
      }
      case Opcodes.IRETURN, Opcodes.FRETURN, Opcodes.LRETURN, Opcodes.DRETURN, Opcodes.RETURN, Opcodes.ATHROW ->
          stack.clear();
      default -> {
        int effect = StackEffects.of(opcode);
        pop(StackEffects.pops(effect));
        push(Operand.UNKNOWN, StackEffects.pushes(effect));
      }
    }
  }

  @Override
  public void visitIntInsn(int opcode, int operand) {
    if (opcode == Opcodes.NEWARRAY) {
      pop();
      push(Operand.fresh());
    } else {
      push(Operand.UNKNOWN); // BIPUSH, SIPUSH
    }
  }

  @Override
  public void visitVarInsn(int opcode, int var) {
    switch (opcode) {
      case Opcodes.ILOAD, Opcodes.FLOAD -> push(Operand.UNKNOWN);
      case Opcodes.LLOAD, Opcodes.DLOAD -> push(Operand.UNKNOWN, 2);
      case Opcodes.ALOAD -> push(var < locals.length && locals[var] != null ? locals[var] : Operand.UNKNOWN);
      case Opcodes.ISTORE, Opcodes.FSTORE -> store(var, pop());
      case Opcodes.LSTORE, Opcodes.DSTORE -> {
        pop(2);
        store(var, Operand.UNKNOWN);
      }
      case Opcodes.ASTORE -> store(var, pop());
      default -> stack.clear(); // RET
    }
  }

  @Override
  public void visitTypeInsn(int opcode, String type) {
    switch (opcode) {
      case Opcodes.NEW -> {
        effects.instantiates(type);
        push(Operand.fresh());
      }
      case Opcodes.ANEWARRAY -> {
        pop();
        push(Operand.fresh());
      }
      case Opcodes.INSTANCEOF -> {
        pop();
        push(Operand.UNKNOWN);
      }
      default -> { } // CHECKCAST leaves the value as it is
    }
  }

  @Override
  public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
    int size = Type.getType(descriptor).getSize();
    boolean reference = descriptor.charAt(0) == 'L' || descriptor.charAt(0) == '[';
    switch (opcode) {
      case Opcodes.GETSTATIC -> {
        effects.touches(owner);
        push(reference ? Operand.fromField(intern.apply(owner + '.' + name)) : Operand.UNKNOWN, size);
      }
      case Opcodes.PUTSTATIC -> {
        effects.touches(owner);
        effects.stores(owner, name, pop(size));
      }
      case Opcodes.GETFIELD -> {
        pop();
        push(reference ? Operand.fromField(intern.apply(owner + '.' + name)) : Operand.UNKNOWN, size);
      }
      default -> { // PUTFIELD
        effects.stores(owner, name, pop(size));
        pop();
      }
    }
  }

  @Override
  public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
    Type[] argTypes = Type.getArgumentTypes(descriptor);
    Operand[] args = new Operand[argTypes.length];
    for (int i = args.length - 1; i >= 0; i--) {
      args[i] = pop(argTypes[i].getSize());
    }
    Operand receiver = opcode == Opcodes.INVOKESTATIC ? null : pop();
    CallSite.Dispatch kind = switch (opcode) {
      case Opcodes.INVOKESTATIC -> CallSite.Dispatch.STATIC;
      case Opcodes.INVOKESPECIAL -> CallSite.Dispatch.SPECIAL;
      case Opcodes.INVOKEINTERFACE -> CallSite.Dispatch.INTERFACE;
      default -> CallSite.Dispatch.VIRTUAL;
    };
    Operand result = effects.call(kind, owner, name, descriptor, receiver, args);
    push(result, Type.getReturnType(descriptor).getSize());
  }

  @Override
  public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... bootstrapArgs) {
    Type[] argTypes = Type.getArgumentTypes(descriptor);
    Operand[] args = new Operand[argTypes.length];
    for (int i = args.length - 1; i >= 0; i--) {
      args[i] = pop(argTypes[i].getSize());
    }
    Operand result = effects.invokeDynamic(bootstrap, bootstrapArgs, args);
    push(result, Type.getReturnType(descriptor).getSize());
  }

  @Override
  public void visitJumpInsn(int opcode, Label label) {
    switch (opcode) {
      case Opcodes.GOTO -> stack.clear();
      case Opcodes.JSR -> push(Operand.UNKNOWN);
      case Opcodes.IF_ICMPEQ, Opcodes.IF_ICMPNE, Opcodes.IF_ICMPLT, Opcodes.IF_ICMPGE, Opcodes.IF_ICMPGT,
          Opcodes.IF_ICMPLE, Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE -> pop(2);
      default -> pop(); // IFEQ..IFLE, IFNULL, IFNONNULL
    }
  }

  @Override
  public void visitLdcInsn(Object value) {
    if (value instanceof String text) {
      push(effects.constant(text));
    } else if (value instanceof Long || value instanceof Double) {
      push(Operand.UNKNOWN, 2);
    } else if (value instanceof Type type && type.getSort() == Type.OBJECT) {
      push(Operand.classLiteral(type.getInternalName()));
    } else if (value instanceof ConstantDynamic dynamic) {
      push(Operand.UNKNOWN, dynamic.getSize());
    } else {
      push(Operand.UNKNOWN);
    }
  }

  @Override
  public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
    stack.clear();
  }

  @Override
  public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
    stack.clear();
  }

  @Override
  public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
    pop(numDimensions);
    push(Operand.fresh());
  }

  @Override
  public void visitEnd() {
    effects.finish();
  }

  private void store(int var, Operand value) {
    if (var >= locals.length) {
      locals = Arrays.copyOf(locals, Math.max(var + 1, locals.length * 2));
    }
    locals[var] = value;
  }

  private Operand pop() {
    return stack.isEmpty() ? Operand.UNKNOWN : stack.remove(stack.size() - 1);
  }

  /** Pops {@code slots} slots and returns the top one: the value itself for a long or double. */
  private Operand pop(int slots) {
    Operand top = slots > 0 ? pop() : Operand.UNKNOWN;
    for (int i = 1; i < slots; i++) {
      pop();
    }
    return top;
  }

  private void push(Operand value) {
    stack.add(value);
  }

  /** Pushes a value of {@code slots} slots (0 for void, 2 for long and double). */
  private void push(Operand value, int slots) {
    if (slots == 2) {
      stack.add(Operand.UNKNOWN);
    }
    if (slots >= 1) {
      stack.add(value);
    }
  }

  private void pushAll(Operand... values) {
    stack.addAll(Arrays.asList(values));
  }
}
