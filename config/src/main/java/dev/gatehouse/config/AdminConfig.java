package dev.gatehouse.config;

import java.util.Optional;

/** {@code admin.*}: {@code token} ({@code GATEHOUSE_ADMIN_TOKEN}); when empty one is generated in the data dir. */
public record AdminConfig(Optional<String> token) {
  public AdminConfig {
    token = token == null ? Optional.empty() : token;
  }
}
