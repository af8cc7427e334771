package dev.gatehouse.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the merged configuration tree into {@link GatehouseConfig}, key by key: every section lists the
 * keys it knows, and every value is checked for type, syntax and range before a record is built.
 */
final class ConfigReader {
  static final List<String> SECTIONS =
      List.of("server", "storage", "upstreams", "admin", "auth", "policy", "limits", "cache", "metadata", "webhooks");
  /** Webhooks at most: each decision is queued once per webhook. */
  static final int MAX_WEBHOOKS = 16;
  /** A shorter webhook secret could be guessed; a longer one is not a secret. */
  static final int MIN_WEBHOOK_SECRET_LENGTH = 16;
  /** Longest duration any key accepts; longer ones are typos ({@code 5d} for {@code 5m}) or would overflow. */
  static final Duration MAX_DURATION = Duration.ofDays(365);
  /** The largest byte array the JVM allocates: anything held in memory whole stays below it. */
  static final long MAX_IN_MEMORY_BYTES = Integer.MAX_VALUE - 8;
  /** Most threads for blocking work; beyond it a typo would exhaust the process's memory for stacks. */
  static final int MAX_BLOCKING_THREADS = 4096;
  /** A shorter admin token could be guessed; a longer one is not a token. */
  static final int MIN_ADMIN_TOKEN_LENGTH = 16;
  static final int MAX_ADMIN_TOKEN_LENGTH = 1024;

  private static final Pattern HOST_NAME = Pattern.compile(
      "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?");
  // The token travels in an Authorization header: visible ASCII only, no spaces.
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]+");

  private final Optional<Path> configFolder;

  /** {@code configFolder} is where {@code policy.file} is resolved; empty when only defaults are read. */
  ConfigReader(Optional<Path> configFolder) {
    this.configFolder = configFolder;
  }

  GatehouseConfig read(ConfigNode root) throws ConfigException {
    root.mapping(SECTIONS);
    return new GatehouseConfig(
        server(root.key("server")),
        storage(root.key("storage")),
        UpstreamsReader.read(root.key("upstreams"), MAX_DURATION),
        admin(root.key("admin")),
        policy(root.key("policy")),
        limits(root.key("limits")),
        cache(root.key("cache")),
        auth(root.key("auth")), metadata(root.key("metadata")), webhooks(root.key("webhooks")));
  }

  private static List<WebhookConfig> webhooks(ConfigNode webhooks) throws ConfigException {
    if (!webhooks.isSet()) {
      return List.of();
    }
    List<ConfigNode> elements = webhooks.list();
    if (elements.size() > MAX_WEBHOOKS) {
      throw webhooks.problem("lists " + elements.size() + " webhooks; at most " + MAX_WEBHOOKS + " are allowed");
    }
    List<WebhookConfig> out = new java.util.ArrayList<>();
    for (ConfigNode element : elements) {
      element.mapping(List.of("url", "events", "secret"));
      out.add(new WebhookConfig(webhookUrl(element.key("url")), events(element.key("events")),
          secret(element.key("secret"))));
    }
    return out;
  }

  private static java.net.URI webhookUrl(ConfigNode node) throws ConfigException {
    String text = node.text();
    try {
      java.net.URI uri = new java.net.URI(text);
      if (uri.isAbsolute() && uri.getHost() != null
          && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // the sentence below says what is expected
    }
    throw node.problem("not an absolute http(s) URL: " + Quoted.of(text));
  }

  private static List<WebhookConfig.Event> events(ConfigNode node) throws ConfigException {
    if (!node.isSet()) {
      return List.of(WebhookConfig.Event.values()); // every event, when the entry names none
    }
    List<WebhookConfig.Event> events = new java.util.ArrayList<>();
    for (ConfigNode element : node.list()) {
      String name = element.text();
      WebhookConfig.Event event = null;
      for (WebhookConfig.Event e : WebhookConfig.Event.values()) {
        if (e.key().equals(name)) {
          event = e;
        }
      }
      if (event == null) {
        throw element.problem("unknown event " + Quoted.of(name) + "; known: quarantine, refusal, approval, rejection");
      }
      events.add(event);
    }
    if (events.isEmpty()) {
      throw node.problem("lists no event; name at least one of quarantine, refusal, approval, rejection");
    }
    return events;
  }

  private static Optional<String> secret(ConfigNode node) throws ConfigException {
    if (!node.isSet()) {
      return Optional.empty();
    }
    // Messages about the secret never repeat it: they end up in logs and terminals.
    String secret = node.text();
    if (secret.length() < MIN_WEBHOOK_SECRET_LENGTH || secret.length() > MAX_ADMIN_TOKEN_LENGTH) {
      throw node.problem("must be " + MIN_WEBHOOK_SECRET_LENGTH + " to " + MAX_ADMIN_TOKEN_LENGTH + " characters");
    }
    return Optional.of(secret);
  }

  private static ServerConfig server(ConfigNode server) throws ConfigException {
    server.mapping(List.of("host", "port", "maxInitialLineLength", "maxHeaderSize", "maxRequestBodyBytes",
        "maxConcurrentFetches", "blockingThreads", "publicUrl", "trustedProxies", "requestTimeout",
        "maxConnectionsPerClient"));
    return new ServerConfig(
        host(server.key("host")),
        server.key("port").integer(0, 65535),
        (int) server.key("maxInitialLineLength").size(1, Integer.MAX_VALUE),
        (int) server.key("maxHeaderSize").size(1, Integer.MAX_VALUE),
        (int) server.key("maxRequestBodyBytes").size(1, MAX_IN_MEMORY_BYTES),
        server.key("maxConcurrentFetches").integer(1, Integer.MAX_VALUE),
        server.key("blockingThreads").integer(1, MAX_BLOCKING_THREADS),
        server.key("publicUrl").isSet() ? Optional.of(server.key("publicUrl").baseUrl()) : Optional.empty(),
        trustedProxies(server.key("trustedProxies")),
        server.key("requestTimeout").duration(false, Duration.ofHours(1)),
        server.key("maxConnectionsPerClient").integer(1, 1_000_000));
  }

  private static List<AddressRange> trustedProxies(ConfigNode node) throws ConfigException {
    List<AddressRange> ranges = new ArrayList<>();
    if (node.isSet()) {
      for (ConfigNode entry : node.list()) {
        try {
          ranges.add(AddressRange.parse(entry.text().strip()));
        } catch (InvalidValue e) {
          throw entry.problem(e.getMessage());
        }
      }
    }
    return ranges;
  }

  private static AuthConfig auth(ConfigNode auth) throws ConfigException {
    auth.mapping(List.of("anonymous"));
    return new AuthConfig(auth.key("anonymous").bool());
  }

  private static String host(ConfigNode node) throws ConfigException {
    String host = node.text();
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (HOST_NAME.matcher(bare).matches() || isIpv6Literal(bare)) {
      return bare;
    }
    throw node.problem("not a host name or IP address: " + Quoted.of(host));
  }

  private static boolean isIpv6Literal(String host) {
    if (!IPV6.matcher(host).matches()) {
      return false;
    }
    // With a colon in it, the JDK parses the text as an IPv6 literal and never asks DNS.
    try {
      InetAddress.getByName(host);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static StorageConfig storage(ConfigNode storage) throws ConfigException {
    storage.mapping(List.of("dir"));
    // Relative to the working directory, as a path typed on the command line would be.
    return new StorageConfig(path(storage.key("dir")).toAbsolutePath().normalize());
  }

  private static AdminConfig admin(ConfigNode admin) throws ConfigException {
    admin.mapping(List.of("token"));
    ConfigNode node = admin.key("token");
    if (!node.isSet()) {
      return new AdminConfig(Optional.empty());
    }
    // Messages about the token never repeat it: they end up in logs and terminals.
    String token = node.text();
    if (token.length() < MIN_ADMIN_TOKEN_LENGTH) {
      throw node.problem("too short: an admin token needs at least " + MIN_ADMIN_TOKEN_LENGTH + " characters");
    }
    if (token.length() > MAX_ADMIN_TOKEN_LENGTH) {
      throw node.problem("too long: an admin token has at most " + MAX_ADMIN_TOKEN_LENGTH + " characters");
    }
    if (!TOKEN.matcher(token).matches()) {
      throw node.problem("must be printable ASCII without spaces, as it is sent in an HTTP header");
    }
    return new AdminConfig(Optional.of(token));
  }

  private PolicyConfig policy(ConfigNode policy) throws ConfigException {
    policy.mapping(List.of("file"));
    ConfigNode node = policy.key("file");
    if (!node.isSet()) {
      return new PolicyConfig(Optional.empty());
    }
    // Relative to the configuration file, so that the two can move together.
    Path given = path(node);
    Path file = configFolder.map(folder -> folder.resolve(given)).orElse(given).toAbsolutePath().normalize();
    if (Files.isDirectory(file)) {
      throw node.problem("is a directory, not a policy file: " + Quoted.of(file.toString()));
    }
    if (!Files.isRegularFile(file)) {
      throw node.problem("no such file: " + Quoted.of(file.toString()));
    }
    return new PolicyConfig(Optional.of(file));
  }

  private static Path path(ConfigNode node) throws ConfigException {
    String text = node.text();
    if (text.isBlank()) {
      throw node.problem("expected a path, got " + Quoted.of(text));
    }
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw node.problem("not a valid path: " + Quoted.of(text));
    }
  }

  private static LimitsConfig limits(ConfigNode limits) throws ConfigException {
    limits.mapping(List.of("maxArtifactBytes", "maxMetadataBytes", "maxEntries", "maxInflatedBytes",
        "maxCompressionRatio", "maxEntryBytes", "maxNameLength", "maxNestingDepth", "maxAnalysisTime",
        "maxClasses", "maxCallDepth", "maxTokensPerFile", "maxFindings"));
    return new LimitsConfig(
        limits.key("maxArtifactBytes").size(1, Long.MAX_VALUE),
        // Metadata is rewritten in memory, and entries are read into memory for analysis.
        limits.key("maxMetadataBytes").size(1, MAX_IN_MEMORY_BYTES),
        limits.key("maxEntries").integer(1, Integer.MAX_VALUE),
        limits.key("maxInflatedBytes").size(1, Long.MAX_VALUE),
        limits.key("maxCompressionRatio").integer(1, Integer.MAX_VALUE),
        limits.key("maxEntryBytes").size(1, MAX_IN_MEMORY_BYTES),
        limits.key("maxNameLength").integer(1, Integer.MAX_VALUE),
        // 0 is meaningful: archives nested in the artifact are not opened (and are reported).
        limits.key("maxNestingDepth").integer(0, Integer.MAX_VALUE),
        limits.key("maxAnalysisTime").duration(false, MAX_DURATION),
        limits.key("maxClasses").integer(1, Integer.MAX_VALUE),
        limits.key("maxCallDepth").integer(1, Integer.MAX_VALUE),
        limits.key("maxTokensPerFile").integer(1, Integer.MAX_VALUE),
        // One finding of the budget says how many more were found.
        limits.key("maxFindings").integer(2, Integer.MAX_VALUE));
  }

  private static CacheConfig cache(ConfigNode cache) throws ConfigException {
    cache.mapping(List.of("metadataTtl", "notFoundTtl", "verdictCacheSize"));
    // Zero is meaningful for all three: it turns that cache off, and every request asks the next layer.
    return new CacheConfig(
        cache.key("metadataTtl").duration(true, MAX_DURATION),
        cache.key("notFoundTtl").duration(true, MAX_DURATION),
        cache.key("verdictCacheSize").integer(0, Long.MAX_VALUE));
  }

  private static MetadataConfig metadata(ConfigNode metadata) throws ConfigException {
    metadata.mapping(List.of("quarantined"));
    ConfigNode node = metadata.key("quarantined");
    String value = node.text();
    return switch (value) {
      case "list" -> new MetadataConfig(MetadataConfig.Quarantined.LIST);
      case "hide" -> new MetadataConfig(MetadataConfig.Quarantined.HIDE);
      default -> throw node.problem("expected list or hide, got " + Quoted.of(value));
    };
  }
}
