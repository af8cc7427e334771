package dev.gatehouse.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
  @TempDir Path data;

  @Test
  void aConfiguredTokenIsUsedAndNothingIsWritten() throws Exception {
    AdminToken token = AdminToken.resolve(Optional.of("s3cret"), data);

    assertThat(token.accepts(Optional.of("Bearer s3cret"))).isTrue();
    assertThat(data.resolve(AdminToken.FILE)).doesNotExist();
  }

  @Test
  void withoutAConfiguredTokenOneIsGeneratedStoredOwnerOnlyAndReusedAfterARestart() throws Exception {
    AdminToken.resolve(Optional.empty(), data);
    Path file = data.resolve(AdminToken.FILE);
    String stored = Files.readString(file).strip();

    assertThat(stored).hasSizeGreaterThanOrEqualTo(40);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    AdminToken again = AdminToken.resolve(Optional.empty(), data);
    assertThat(again.accepts(Optional.of("Bearer " + stored))).isTrue();
    assertThat(Files.readString(file).strip()).isEqualTo(stored);
  }

  @Test
  void anythingButTheExactBearerTokenIsRefused() {
    AdminToken token = AdminToken.of("s3cret");

    assertThat(token.accepts(Optional.empty())).isFalse();
    assertThat(token.accepts(Optional.of("s3cret"))).isFalse();
    assertThat(token.accepts(Optional.of("Basic s3cret"))).isFalse();
    assertThat(token.accepts(Optional.of("Bearer s3cre"))).isFalse();
    assertThat(token.accepts(Optional.of("Bearer s3cret2"))).isFalse();
    assertThat(token.accepts(Optional.of("bearer s3cret"))).isTrue();
  }
}
