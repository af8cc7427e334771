package dev.gatehouse.analyzer.jvm;

import org.objectweb.asm.Opcodes;

/**
 * How many stack slots each operand-free instruction pops and pushes (JVMS §6.5), for the ones {@link
 * MethodScanner} does not model value by value. Longs and doubles take two slots.
 */
final class StackEffects {
  private StackEffects() {}

  /** {@code pops * 8 + pushes}. */
  static int of(int opcode) {
    return switch (opcode) {
      case Opcodes.ACONST_NULL, Opcodes.ICONST_M1, Opcodes.ICONST_0, Opcodes.ICONST_1, Opcodes.ICONST_2,
          Opcodes.ICONST_3, Opcodes.ICONST_4, Opcodes.ICONST_5, Opcodes.FCONST_0, Opcodes.FCONST_1,
          Opcodes.FCONST_2 -> effect(0, 1);
      case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1 -> effect(0, 2);
      case Opcodes.IALOAD, Opcodes.FALOAD, Opcodes.BALOAD, Opcodes.CALOAD, Opcodes.SALOAD -> effect(2, 1);
      case Opcodes.LALOAD, Opcodes.DALOAD -> effect(2, 2);
      case Opcodes.IASTORE, Opcodes.FASTORE, Opcodes.BASTORE, Opcodes.CASTORE, Opcodes.SASTORE -> effect(3, 0);
      case Opcodes.LASTORE, Opcodes.DASTORE -> effect(4, 0);
      case Opcodes.POP, Opcodes.MONITORENTER, Opcodes.MONITOREXIT -> effect(1, 0);
      case Opcodes.POP2 -> effect(2, 0);
      case Opcodes.IADD, Opcodes.FADD, Opcodes.ISUB, Opcodes.FSUB, Opcodes.IMUL, Opcodes.FMUL, Opcodes.IDIV,
          Opcodes.FDIV, Opcodes.IREM, Opcodes.FREM, Opcodes.ISHL, Opcodes.ISHR, Opcodes.IUSHR, Opcodes.IAND,
          Opcodes.IOR, Opcodes.IXOR, Opcodes.FCMPL, Opcodes.FCMPG -> effect(2, 1);
      case Opcodes.LADD, Opcodes.DADD, Opcodes.LSUB, Opcodes.DSUB, Opcodes.LMUL, Opcodes.DMUL, Opcodes.LDIV,
          Opcodes.DDIV, Opcodes.LREM, Opcodes.DREM, Opcodes.LAND, Opcodes.LOR, Opcodes.LXOR -> effect(4, 2);
      case Opcodes.LSHL, Opcodes.LSHR, Opcodes.LUSHR -> effect(3, 2);
      case Opcodes.INEG, Opcodes.FNEG, Opcodes.I2F, Opcodes.F2I, Opcodes.I2B, Opcodes.I2C, Opcodes.I2S,
          Opcodes.ARRAYLENGTH -> effect(1, 1);
      case Opcodes.LNEG, Opcodes.DNEG, Opcodes.L2D, Opcodes.D2L -> effect(2, 2);
      case Opcodes.I2L, Opcodes.I2D, Opcodes.F2L, Opcodes.F2D -> effect(1, 2);
      case Opcodes.L2I, Opcodes.L2F, Opcodes.D2I, Opcodes.D2F -> effect(2, 1);
      case Opcodes.LCMP, Opcodes.DCMPL, Opcodes.DCMPG -> effect(4, 1);
      default -> effect(0, 0); // NOP
    };
  }

  static int pops(int effect) {
    return effect >> 3;
  }

  static int pushes(int effect) {
    return effect & 7;
  }

  private static int effect(int pops, int pushes) {
    return pops << 3 | pushes;
  }
}
