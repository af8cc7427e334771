package dev.gatehouse.core.identity;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * The named tokens of a Gatehouse and the configured admin token: issues, authenticates, lists and revokes them.
 *
 * <p>A token is 32 random bytes; only its SHA-256 is stored, and a presented token's digest is compared with
 * the stored one in constant time. The configured admin token ({@code admin.token}, or the generated
 * {@code DATA/admin-token}) is the token named {@value #ADMIN} with role {@link Role#ADMIN}; it is not in the
 * store, so it can be neither issued nor revoked through the API. Thread-safe.
 */
public final class Tokens {
  /** The name of the configured admin token. */
  public static final String ADMIN = "admin";
  /** The longest token name; names end up in audit rows and reviews. */
  public static final int MAX_NAME_LENGTH = 64;
  /** The longest token accepted before hashing: anything longer is not one of ours. */
  public static final int MAX_TOKEN_LENGTH = 1024;
  /** Prefix of issued tokens, so that secret scanners and people recognise one. */
  static final String PREFIX = "gh_";
  private static final int TOKEN_BYTES = 32;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0," + (MAX_NAME_LENGTH - 1) + "}");
  /** Last use is recorded at most this often per token, so that downloads do not each write a row. */
  private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

  private final TokenStore store;
  private final byte[] adminSha256;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentMap<String, Instant> touched = new ConcurrentHashMap<>();

  /** @param adminToken the configured or generated admin token */
  public Tokens(TokenStore store, String adminToken, Clock clock) {
    this.store = requireNonNull(store, "store");
    if (adminToken == null || adminToken.isBlank()) {
      throw new IllegalArgumentException("the admin token is blank");
    }
    this.adminSha256 = sha256(adminToken);
    this.clock = requireNonNull(clock, "clock");
  }

  /** A token just issued: the only time the token itself is known. */
  public record Issued(StoredToken stored, String token) {
    public Issued {
      requireNonNull(stored, "stored");
      requireNonNull(token, "token");
    }
  }

  /**
   * Issues a new token named {@code name} with {@code role}; empty when the name is taken (by a token, revoked
   * or not, or by the configured admin token).
   *
   * @throws IllegalArgumentException when {@code name} is not a valid token name
   */
  public Optional<Issued> issue(String name, Role role) throws IOException {
    requireName(name);
    requireNonNull(role, "role");
    if (name.equalsIgnoreCase(ADMIN)) {
      return Optional.empty();
    }
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    StoredToken stored = new StoredToken(name, role, clock.instant(), Optional.empty(), Optional.empty());
    return store.insert(stored, sha256(token)) ? Optional.of(new Issued(stored, token)) : Optional.empty();
  }

  /** Who {@code token} names: empty for an unknown, revoked, blank or oversized token. */
  public Optional<Identity> authenticate(String token) throws IOException {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    byte[] digest = sha256(token);
    if (MessageDigest.isEqual(digest, adminSha256)) {
      return Optional.of(new Identity(ADMIN, Role.ADMIN));
    }
    Optional<TokenStore.Match> match = store.bySha256(digest);
    // The store found the row by its digest; comparing again in constant time keeps the decision itself free of
    // timing differences whatever index the store used.
    if (match.isEmpty() || !MessageDigest.isEqual(digest, match.get().sha256()) || match.get().token().revoked()) {
      return Optional.empty();
    }
    StoredToken found = match.get().token();
    touch(found.name());
    return Optional.of(found.identity());
  }

  /** Every named token, revoked ones included, by name; the configured admin token is not among them. */
  public List<StoredToken> list() throws IOException {
    return store.list();
  }

  /**
   * Revokes the token named {@code name}; empty when there is none. Revoking a revoked token changes nothing.
   *
   * @throws IllegalArgumentException for the configured admin token, which only the configuration changes
   */
  public Optional<StoredToken> revoke(String name) throws IOException {
    if (name.equalsIgnoreCase(ADMIN)) {
      throw new IllegalArgumentException("the token named admin is the configured admin token (admin.token, "
          + "GATEHOUSE_ADMIN_TOKEN or the file admin-token in the data directory); change it there");
    }
    touched.remove(name);
    return store.revoke(name, clock.instant());
  }

  private void touch(String name) throws IOException {
    Instant now = clock.instant();
    Instant last = touched.get(name);
    if (last != null && last.plus(TOUCH_INTERVAL).isAfter(now)) {
      return;
    }
    touched.put(name, now);
    store.touch(name, now);
  }

  /**
   * Returns {@code name} when it is a valid token name: 1 to {@value #MAX_NAME_LENGTH} letters, digits, dots,
   * dashes, underscores or {@code @}, starting with a letter or digit.
   *
   * @throws IllegalArgumentException otherwise, with a sentence naming the rule
   */
  public static String requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a token name is 1 to " + MAX_NAME_LENGTH + " letters, digits, '.', '_', "
          + "'-' or '@', starting with a letter or digit");
    }
    return name;
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
