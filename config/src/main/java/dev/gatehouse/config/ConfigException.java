package dev.gatehouse.config;

/**
 * A configuration that cannot be used. The message is a sentence for the operator that names the file,
 * the key path and what is wrong, such as {@code gatehouse.yml: upstreams.maven[0].url: not an absolute
 * http(s) URL}.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
