package dev.gatehouse.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The whole of {@code gatehouse.yml}, merged over the embedded defaults and the environment. Every
 * value in it has been validated by {@link ConfigLoader}; a {@code GatehouseConfig} cannot be invalid.
 * {@code webhooks} is the one list at the top level: where decisions are posted (empty: nowhere).
 */
public record GatehouseConfig(
    ServerConfig server,
    StorageConfig storage,
    UpstreamsConfig upstreams,
    AdminConfig admin,
    PolicyConfig policy,
    LimitsConfig limits,
    CacheConfig cache,
    AuthConfig auth,
    MetadataConfig metadata,
    List<WebhookConfig> webhooks) {

  public GatehouseConfig {
    requireNonNull(server, "server");
    requireNonNull(storage, "storage");
    requireNonNull(upstreams, "upstreams");
    requireNonNull(admin, "admin");
    requireNonNull(policy, "policy");
    requireNonNull(limits, "limits");
    requireNonNull(cache, "cache");
    requireNonNull(auth, "auth");
    requireNonNull(metadata, "metadata");
    webhooks = List.copyOf(webhooks);
  }
}
