package dev.gatehouse.policy;

/**
 * A policy file that cannot be used. The message is one sentence for the operator that names the file,
 * the key path inside it and what is wrong, such as {@code policy.yml: rules[2].when.capabilities[0]:
 * unknown capability "netwrk" (known: process-spawn, network, ...)}.
 *
 * <p>Unchecked, because {@link Policy#load(java.nio.file.Path)} is called once at startup and its callers
 * can do nothing but report the message and stop: a proxy must never run on half a policy.
 */
public final class PolicyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PolicyException(String message) {
    super(message);
  }

  public PolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
