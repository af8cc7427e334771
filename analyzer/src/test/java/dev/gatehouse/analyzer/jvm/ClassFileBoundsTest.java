package dev.gatehouse.analyzer.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A class file that declares more than it holds is refused before ASM reads it: ASM copies an attribute it does not
 * know into an array of the declared length, so one small file could otherwise exhaust the heap (found by
 * fuzzing: a 1 KB jar whose class declared a 300 MB attribute).
 */
class ClassFileBoundsTest {
  private static byte[] realClass() throws IOException {
    try (InputStream in = ClassFileBoundsTest.class.getResourceAsStream("ClassFileBoundsTest.class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void realClassFilesPass() throws Exception {
    for (Class<?> type : new Class<?>[] {ClassFileBoundsTest.class, ClassScanner.class, Record.class}) {
      String resource = "/" + type.getName().replace('.', '/') + ".class";
      try (InputStream in = type.getResourceAsStream(resource)) {
        byte[] bytes = in.readAllBytes();
        ClassFileBounds.check(bytes);
        assertThat(ClassScanner.scan(bytes, resource, UnaryOperator.identity()).methods).isNotEmpty();
      }
    }
  }

  @Test
  void anAttributeLongerThanTheFileIsRefusedWithoutReadingIt() throws Exception {
    byte[] bytes = realClass();
    // The class's last attribute (SourceFile, or another): its u4 length sits 4 bytes after its name index.
    int at = lastAttributeLength(bytes);
    ByteBuffer.wrap(bytes).putInt(at, 300 << 20);

    assertThatThrownBy(() -> ClassScanner.scan(bytes, "Evil.class", UnaryOperator.identity()))
        .isInstanceOf(ClassScanner.NotAClassException.class)
        .hasMessageStartingWith("class file could not be parsed: ")
        .hasMessageContaining("runs past the end of the file's " + bytes.length + " bytes");
  }

  @Test
  void aTruncatedClassFileIsRefused() throws Exception {
    byte[] bytes = realClass();
    for (int cut : new int[] {10, bytes.length / 3, bytes.length - 1}) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      assertThatThrownBy(() -> ClassFileBounds.check(truncated)).as("cut at %d", cut)
          .isInstanceOf(ClassScanner.NotAClassException.class)
          .hasMessageMatching("(the file ends inside|.* runs past the end of the file's).*");
    }
  }

  /** Offset of the length of the class's last attribute: the last 6+n bytes are name, length and value. */
  private static int lastAttributeLength(byte[] bytes) {
    // javac writes SourceFile (2-byte value) or another attribute last; find an offset whose u4 equals the rest.
    for (int at = bytes.length - 6; at > 10; at--) {
      long length = ByteBuffer.wrap(bytes).getInt(at) & 0xffffffffL;
      if (at + 4 + length == bytes.length) {
        return at;
      }
    }
    throw new AssertionError("no attribute ends the class file");
  }
}
