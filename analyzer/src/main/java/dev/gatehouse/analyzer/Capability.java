package dev.gatehouse.analyzer;

/**
 * What code reached from a {@link Trigger} can do. Severity comes from combinations of these, never
 * from one alone: minified bundles use {@code Function}, native addons spawn compilers.
 */
public enum Capability {
  PROCESS_SPAWN("process-spawn", "process spawn"),
  NETWORK("network", "network"),
  DNS("dns", "DNS lookup"),
  ENVIRONMENT_READ("environment-read", "environment read"),
  CREDENTIAL_READ("credential-read", "credential-file read"),
  DYNAMIC_CODE("dynamic-code", "dynamic code"),
  ENCODED_PAYLOAD("encoded-payload", "encoded payload"),
  OBFUSCATION("obfuscation", "obfuscated code"),
  NATIVE_LOAD("native-load", "native library load"),
  FILESYSTEM_WRITE("filesystem-write", "filesystem write outside the package");

  private final String key;
  private final String label;

  Capability(String key, String label) {
    this.key = key;
    this.label = label;
  }

  public String key() {
    return key;
  }

  public String label() {
    return label;
  }

  /** The capability whose {@link #key()} is {@code key}, or {@code null}. */
  public static Capability fromKey(String key) {
    for (Capability c : values()) {
      if (c.key.equals(key)) {
        return c;
      }
    }
    return null;
  }
}
