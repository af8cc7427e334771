package dev.gatehouse.analyzer.npm;

import dev.gatehouse.analyzer.Capability;

/**
 * One kind of thing JavaScript or a shell command was seen doing, finer than {@link Capability} so that a
 * summary can say how (hooking {@code fetch} is network in a different way than calling it), and in the
 * order summaries list them.
 */
enum Signal {
  CREDENTIAL(Capability.CREDENTIAL_READ, "reads credential files"),
  ENVIRONMENT(Capability.ENVIRONMENT_READ, "reads the whole environment"),
  ENCODED(Capability.ENCODED_PAYLOAD, "decodes a hidden payload and runs it"),
  FETCHED_CODE(Capability.DYNAMIC_CODE, "runs code it downloaded"),
  DYNAMIC(Capability.DYNAMIC_CODE, "runs code built at run time"),
  OBFUSCATED(Capability.OBFUSCATION, "is obfuscated"),
  PACKED(Capability.OBFUSCATION, "carries a packed payload"),
  SPAWN(Capability.PROCESS_SPAWN, "spawns processes"),
  DOWNLOAD_AND_RUN(Capability.PROCESS_SPAWN, "downloads a program and runs it"),
  OUT_OF_BAND(Capability.NETWORK, "talks to an out-of-band host"),
  NETWORK_HOOK(Capability.NETWORK, "replaces the network functions (fetch, XMLHttpRequest)"),
  NETWORK(Capability.NETWORK, "uses the network"),
  DNS(Capability.DNS, "makes DNS lookups"),
  WRITE(Capability.FILESYSTEM_WRITE, "writes files outside the package"),
  EXECUTABLE(Capability.FILESYSTEM_WRITE, "marks a file executable"),
  PERSISTENCE(Capability.FILESYSTEM_WRITE, "writes a file that runs code later (shell start-up, CI workflow, editor task)"),
  NATIVE(Capability.NATIVE_LOAD, "loads a native addon");

  private final Capability capability;
  private final String phrase;

  Signal(Capability capability, String phrase) {
    this.capability = capability;
    this.phrase = phrase;
  }

  Capability capability() {
    return capability;
  }

  /** A verb phrase for a summary: "reads credential files". */
  String phrase() {
    return phrase;
  }
}
