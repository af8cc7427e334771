package dev.gatehouse.analyzer.jvm;

/**
 * A symbolic value on the operand stack or in a local variable while {@link MethodScanner} reads one
 * method: a string constant, or what the value was built from ({@link Taint} bits, the parameters,
 * the call into the jar or the field it came from). {@link #UNKNOWN} stands for everything else and is
 * never changed; other operands are changed only by {@link #absorb}, which is how a {@code new File(home,
 * ".ssh")} or a {@code StringBuilder} learns what went into it.
 */
final class Operand {
  static final Operand UNKNOWN = new Operand(null, 0, 0, null, null);

  /** The value when it is a string constant, else {@code null}. */
  final String constant;
  /** The internal name when the value is a class literal ({@code Foo.class}), else {@code null}. */
  String classLiteral;
  int taint;
  /**
   * The text of a string built in this method from constants and other values ({@code "https://" + id +
   * ".oast.fun/"}), each unknown part standing as {@link #UNKNOWN_PART}, or {@code null} when the value is
   * not text being built. It lets a host or path split across pieces be read whole.
   */
  String text;
  /** Bit {@code i}: parameter {@code i} of the method (descriptor order) went into this value. */
  int params;
  CallSite call;
  String field;

  private Operand(String constant, int taint, int params, CallSite call, String field) {
    this.constant = constant;
    this.taint = taint;
    this.params = params;
    this.call = call;
    this.field = field;
  }

  /** What an unknown part of a built string reads as: enough to keep {@code x.oast.fun} a host name. */
  static final String UNKNOWN_PART = "x";
  /** Built text longer than this is data, not an address or a path; it is no longer followed. */
  static final int MAX_TEXT = 2048;

  static Operand constant(String text) {
    Operand value = new Operand(text, Taint.ofConstant(text), 0, null, null);
    value.text = text;
    return value;
  }

  /** The text this value contributes to a string built from it. */
  String textOrUnknown() {
    return text != null ? text : constant != null ? constant : UNKNOWN_PART;
  }

  static Operand classLiteral(String internalName) {
    Operand value = fresh();
    value.classLiteral = internalName;
    return value;
  }

  static Operand parameter(int index) {
    return new Operand(null, 0, index < 31 ? 1 << index : 0, null, null);
  }

  static Operand fresh() {
    return new Operand(null, 0, 0, null, null);
  }

  static Operand fromCall(CallSite call) {
    return new Operand(null, 0, 0, call, null);
  }

  static Operand fromField(String field) {
    return new Operand(null, 0, 0, null, field);
  }

  static Operand tainted(int taint) {
    return taint == 0 ? UNKNOWN : new Operand(null, taint, 0, null, null);
  }

  /** True when something worth following went into this value. */
  boolean carries() {
    return taint != 0 || params != 0 || call != null || field != null;
  }

  /** Takes in what went into {@code other}; a no-op on {@link #UNKNOWN}. */
  void absorb(Operand other) {
    if (this == UNKNOWN || other == null || other == this) {
      return;
    }
    taint |= other.taint;
    params |= other.params;
    if (call == null) {
      call = other.call;
    }
    if (field == null) {
      field = other.field;
    }
  }

  /** A new value built from all of {@code parts}, or {@link #UNKNOWN} when none of them carries anything. */
  static Operand derived(Operand receiver, Operand[] parts) {
    Operand out = null;
    if (receiver != null && receiver.carries()) {
      out = fresh();
      out.absorb(receiver);
    }
    for (Operand part : parts) {
      if (part.carries()) {
        if (out == null) {
          out = fresh();
        }
        out.absorb(part);
      }
    }
    return out == null ? UNKNOWN : out;
  }
}
