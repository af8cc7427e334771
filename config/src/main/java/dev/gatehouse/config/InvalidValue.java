package dev.gatehouse.config;

/**
 * A value whose text cannot be read as what its key needs. The message is the phrase that follows the key
 * path in a {@link ConfigException}, such as {@code not an absolute http(s) URL: "ftp://x"}; {@link
 * ConfigNode} adds the source and the path.
 */
final class InvalidValue extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidValue(String problem) {
    super(problem, null, false, false);
  }
}
