package dev.gatehouse.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
  private static final String ADMIN_TOKEN = "configured-admin-token-0123";
  @TempDir Path dir;
  private Database db;
  private Tokens tokens;

  @BeforeEach
  void open() throws Exception {
    db = Database.openSqlite(dir);
    tokens = new Tokens(new SqlTokenStore(db), ADMIN_TOKEN,
        Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  @Test
  void anIssuedTokenNamesItsHolderAndOnlyItsDigestIsStored() throws Exception {
    Tokens.Issued issued = tokens.issue("ci-bot", Role.READER).orElseThrow();

    assertThat(tokens.authenticate(issued.token())).contains(new Identity("ci-bot", Role.READER));
    assertThat(tokens.authenticate(issued.token() + "x")).isEmpty();
    byte[] file = Files.readAllBytes(dir.resolve(Database.SQLITE_FILE));
    assertThat(new String(file, StandardCharsets.ISO_8859_1)).doesNotContain(issued.token());
    assertThat(tokens.list()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("ci-bot");
      assertThat(t.lastUsedAt()).contains(Instant.parse("2026-03-01T10:00:00Z"));
    });
  }

  @Test
  void theConfiguredAdminTokenIsTheAdminAndCannotBeIssuedOrRevoked() throws Exception {
    assertThat(tokens.authenticate(ADMIN_TOKEN)).contains(new Identity("admin", Role.ADMIN));
    assertThat(tokens.issue("admin", Role.READER)).isEmpty();
    assertThatThrownBy(() -> tokens.revoke("admin")).hasMessageContaining("configured admin token");
  }

  @Test
  void aRevokedTokenAuthenticatesNobodyAndItsNameStaysTaken() throws Exception {
    Tokens.Issued issued = tokens.issue("ann", Role.REVIEWER).orElseThrow();

    assertThat(tokens.revoke("ann")).hasValueSatisfying(t -> assertThat(t.revoked()).isTrue());
    assertThat(tokens.authenticate(issued.token())).isEmpty();
    assertThat(tokens.issue("ann", Role.REVIEWER)).isEmpty();
    assertThat(tokens.revoke("nobody")).isEmpty();
  }

  @Test
  void namesThatCouldForgeAnAuditRowAreRefused() {
    assertThatThrownBy(() -> tokens.issue("ann\nuser: admin", Role.READER))
        .hasMessageContaining("a token name is 1 to 64 letters");
    assertThatThrownBy(() -> tokens.issue("", Role.READER)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rolesIncludeTheOnesBefore() {
    assertThat(Role.ADMIN.includes(Role.REVIEWER)).isTrue();
    assertThat(Role.REVIEWER.includes(Role.READER)).isTrue();
    assertThat(Role.READER.includes(Role.REVIEWER)).isFalse();
  }
}
