package dev.gatehouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.identity.TokenStore;
import dev.gatehouse.core.identity.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured admin token: the token named {@code admin} with role admin among the {@link Tokens}. It comes from
 * {@code admin.token} / {@code GATEHOUSE_ADMIN_TOKEN}, or from {@code DATA/admin-token}, which Gatehouse writes
 * (mode 600) with a random token on its first start and prints once to the log. Comparison is constant-time, so
 * response timing reveals nothing of it.
 */
public final class AdminToken {
  private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
  public static final String FILE = "admin-token";
  /** 32 random bytes: far beyond guessing, short enough to paste. */
  private static final int TOKEN_BYTES = 32;

  private final byte[] token;

  private AdminToken(String token) {
    if (token.isBlank()) {
      throw new IllegalArgumentException("the admin token is blank");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  /** The configured token, else the stored one, else a new one stored in {@code dataDir}. */
  public static AdminToken resolve(Optional<String> configured, Path dataDir) throws IOException {
    if (configured.isPresent()) {
      return new AdminToken(configured.get().strip());
    }
    Path file = dataDir.resolve(FILE);
    if (Files.exists(file)) {
      return new AdminToken(Files.readString(file, StandardCharsets.UTF_8).strip());
    }
    byte[] random = new byte[TOKEN_BYTES];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Files.createDirectories(dataDir);
    try {
      if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException raced) {
      return new AdminToken(Files.readString(file, StandardCharsets.UTF_8).strip());
    }
    Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    log.warn("Generated the admin API token and stored it in {} (shown only this once): {}", file, token);
    return new AdminToken(token);
  }

  public static AdminToken of(String token) {
    return new AdminToken(requireNonNull(token, "token"));
  }

  /** The named tokens kept in {@code store}, with this as the token named {@code admin} (role admin). */
  public Tokens tokens(TokenStore store, Clock clock) {
    return new Tokens(store, new String(token, StandardCharsets.UTF_8), clock);
  }

  /** Whether an {@code Authorization} header carries this token as {@code Bearer <token>}. */
  public boolean accepts(Optional<String> authorization) {
    if (authorization.isEmpty() || !authorization.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorization.get().substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token);
  }
}
