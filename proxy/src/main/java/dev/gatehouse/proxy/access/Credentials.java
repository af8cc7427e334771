package dev.gatehouse.proxy.access;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The token in an {@code Authorization} header, as each build tool sends it: {@code Bearer <token>} (npm's
 * {@code _authToken}, curl, the CLI) or {@code Basic base64(user:token)} (pip and uv from credentials in the index
 * URL, Maven and Gradle from a server's user name and password). The user part of Basic credentials is ignored:
 * the token alone names the caller, so nobody can claim another's name by typing it.
 */
sealed interface Credentials {
  /** No {@code Authorization} header: an anonymous request. */
  record None() implements Credentials {}

  /** A header that carries a token (which may still be unknown or revoked). */
  record Token(String token) implements Credentials {}

  /** A header that carries no token Gatehouse can read: another scheme, bad Base64, an empty password. */
  record Unreadable(String why) implements Credentials {}

  static Credentials of(Optional<String> authorization) {
    if (authorization.isEmpty()) {
      return new None();
    }
    String header = authorization.get().strip();
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = header.substring(7).strip();
      return token.isEmpty() ? new Unreadable("the Bearer credentials are empty") : new Token(token);
    }
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notBase64) {
        return new Unreadable("the Basic credentials are not Base64");
      }
      int colon = decoded.indexOf(':');
      String password = colon < 0 ? "" : decoded.substring(colon + 1);
      return password.isEmpty()
          ? new Unreadable("the Basic credentials have no password; send the token as the password")
          : new Token(password);
    }
    return new Unreadable("the Authorization header is neither Bearer nor Basic");
  }
}
