package dev.gatehouse.analyzer.jvm;

import java.nio.charset.StandardCharsets;

/**
 * Walks a class file's structure (JVMS §4.1) before ASM reads it, and refuses one whose constant pool, members or
 * attributes run past its end. ASM trusts the lengths it reads: an attribute it does not know is copied into a new
 * array of the length the file declares, so a 1 KB file that declares a 1 GB attribute would take the heap with
 * it. Only lengths and counts are checked here, everything else is ASM's to judge.
 */
final class ClassFileBounds {
  private final byte[] b;
  /** Offsets of the CONSTANT_Utf8 entries by index, to know which attributes nest others (Code, Record). */
  private int[] utf8;
  private int pos;

  private ClassFileBounds(byte[] bytes) {
    this.b = bytes;
  }

  /**
   * @throws ClassScanner.NotAClassException naming the first structure that runs past the end of the file, in words
   *     that follow "class file could not be parsed: "
   */
  static void check(byte[] bytes) throws ClassScanner.NotAClassException {
    new ClassFileBounds(bytes).walk();
  }

  private void walk() throws ClassScanner.NotAClassException {
    pos = 8; // magic, minor and major version
    constantPool();
    skip(6, "the class header"); // access flags, this class, super class
    skip(2L * u2("the interface count"), "the interfaces");
    members("field");
    members("method");
    attributes("class", 0);
  }

  private void constantPool() throws ClassScanner.NotAClassException {
    int count = u2("the constant pool count");
    utf8 = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = u1("a constant pool tag");
      switch (tag) {
        case 1 -> {
          utf8[i] = pos;
          skip(u2("a string length"), "a constant pool string");
        }
        case 3, 4, 9, 10, 11, 12, 17, 18 -> skip(4, "a constant pool entry");
        case 5, 6 -> {
          skip(8, "a constant pool entry");
          i++; // long and double take two slots
        }
        case 7, 8, 16, 19, 20 -> skip(2, "a constant pool entry");
        case 15 -> skip(3, "a constant pool entry");
        default -> throw new ClassScanner.NotAClassException("an unknown constant pool tag " + tag);
      }
    }
  }

  private void members(String kind) throws ClassScanner.NotAClassException {
    int count = u2("the " + kind + " count");
    for (int i = 0; i < count; i++) {
      skip(6, "a " + kind); // access flags, name, descriptor
      attributes(kind, 0);
    }
  }

  private void attributes(String owner, int depth) throws ClassScanner.NotAClassException {
    int count = u2("the attribute count of a " + owner);
    for (int i = 0; i < count; i++) {
      String name = utf8(u2("an attribute name"));
      long length = u4("an attribute length");
      if (length > b.length - pos) {
        throw new ClassScanner.NotAClassException("a " + owner + " attribute " + name + " of "
            + length + " bytes runs past the end of the file's " + b.length + " bytes");
      }
      int end = pos + (int) length;
      if (depth == 0 && name.equals("Code")) {
        skip(4, "the Code attribute"); // max stack, max locals
        long codeLength = u4("the code length");
        if (codeLength == 0 || codeLength > 65535) {
          // JVMS §4.7.3; ASM sizes its label table by this length
          throw new ClassScanner.NotAClassException("a method declares " + codeLength
              + " bytes of code; a method's code is 1 to 65535 bytes");
        }
        skip(codeLength, "the code");
        skip(8L * u2("the exception table length"), "the exception table");
        attributes("Code", depth + 1);
      } else if (depth == 0 && name.equals("Record")) {
        int components = u2("the record component count");
        for (int c = 0; c < components; c++) {
          skip(4, "a record component"); // name, descriptor
          attributes("record component", depth + 1);
        }
      }
      pos = end;
    }
  }

  private String utf8(int index) {
    if (index <= 0 || index >= utf8.length || utf8[index] == 0) {
      return "#" + index;
    }
    int at = utf8[index];
    int length = ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    return new String(b, at + 2, length, StandardCharsets.UTF_8); // modified UTF-8; names are ASCII in practice
  }

  private void skip(long n, String what) throws ClassScanner.NotAClassException {
    if (n > b.length - pos) {
      throw new ClassScanner.NotAClassException("the file ends inside " + what);
    }
    pos += (int) n;
  }

  private int u1(String what) throws ClassScanner.NotAClassException {
    skip(1, what);
    return b[pos - 1] & 0xff;
  }

  private int u2(String what) throws ClassScanner.NotAClassException {
    skip(2, what);
    return ((b[pos - 2] & 0xff) << 8) | (b[pos - 1] & 0xff);
  }

  private long u4(String what) throws ClassScanner.NotAClassException {
    skip(4, what);
    return ((long) (b[pos - 4] & 0xff) << 24) | ((b[pos - 3] & 0xff) << 16) | ((b[pos - 2] & 0xff) << 8)
        | (b[pos - 1] & 0xff);
  }
}
