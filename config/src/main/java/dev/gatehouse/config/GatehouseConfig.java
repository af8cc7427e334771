package dev.gatehouse.config;

import static java.util.Objects.requireNonNull;

/**
 * The whole of {@code gatehouse.yml}, merged over the embedded defaults and the environment. Every
 * value in it has been validated by {@link ConfigLoader}; a {@code GatehouseConfig} cannot be invalid.
 */
public record GatehouseConfig(
    ServerConfig server,
    StorageConfig storage,
    UpstreamsConfig upstreams,
    AdminConfig admin,
    PolicyConfig policy,
    LimitsConfig limits,
    CacheConfig cache,
    AuthConfig auth) {

  public GatehouseConfig {
    requireNonNull(server, "server");
    requireNonNull(storage, "storage");
    requireNonNull(upstreams, "upstreams");
    requireNonNull(admin, "admin");
    requireNonNull(policy, "policy");
    requireNonNull(limits, "limits");
    requireNonNull(cache, "cache");
    requireNonNull(auth, "auth");
  }
}
