package dev.gatehouse.analyzer.jvm;

import dev.gatehouse.analyzer.Capability;
import java.util.List;

/**
 * One thing a method was seen doing in its bytecode. Most facts are a {@link Capability} on their own;
 * three ({@link #CREDENTIAL_PATH}, {@link #HOME_DIRECTORY}, {@link #FILE_READ}) only count together, as
 * a credential-file read, when they meet in the code reached from one entry point; two ({@link
 * #OUT_OF_BAND_HOST}, {@link #PERSISTENCE_PATH}) only name what a network call or a write reached.
 */
enum Fact {
  PROCESS_SPAWN(Capability.PROCESS_SPAWN),
  /**
   * A network call or DNS lookup whose address is an out-of-band host ({@link Taint#OUT_OF_BAND}): where
   * beacons and stolen data go. Before {@link #NETWORK} so that it is the evidence a finding shows.
   */
  OUT_OF_BAND_NETWORK(Capability.NETWORK),
  NETWORK(Capability.NETWORK),
  DNS(Capability.DNS),
  ENVIRONMENT_READ(Capability.ENVIRONMENT_READ),
  /** {@code System.getenv()}: the whole environment, the shape of harvesting rather than configuration. */
  ENVIRONMENT_DUMP(Capability.ENVIRONMENT_READ),
  NATIVE_LOAD(Capability.NATIVE_LOAD),
  CLASS_DEFINITION(Capability.DYNAMIC_CODE),
  CLASS_LOADER(Capability.DYNAMIC_CODE),
  SCRIPT_EVAL(Capability.DYNAMIC_CODE),
  JNDI_LOOKUP(Capability.DYNAMIC_CODE),
  /** {@code Class.forName} of a computed name and {@code Method.invoke} in one method. */
  REFLECTIVE_CALL(Capability.DYNAMIC_CODE),
  /** Base64 or hex decoded data flowing into class definition, reflection, a script or JNDI. */
  ENCODED_CODE(Capability.ENCODED_PAYLOAD, Capability.DYNAMIC_CODE),
  /** Base64 or hex decoded data flowing into a process command. */
  ENCODED_COMMAND(Capability.ENCODED_PAYLOAD, Capability.PROCESS_SPAWN),
  /** A file-reading API given a path built from a credential location. */
  CREDENTIAL_FILE_READ(Capability.CREDENTIAL_READ),
  /**
   * A file-writing API given a path that names a persistence target ({@link Taint#PERSISTENCE}): code that
   * runs later, in the next shell, build, commit or editor session. Before {@link #FILE_WRITE_OUTSIDE}.
   */
  PERSISTENCE_WRITE(Capability.FILESYSTEM_WRITE),
  /** A file-writing API given a path built from the home folder or an absolute system path. */
  FILE_WRITE_OUTSIDE(Capability.FILESYSTEM_WRITE),
  /** A string constant naming a credential location such as {@code .ssh/id_rsa}. */
  CREDENTIAL_PATH,
  /** A string constant naming an out-of-band host, with the reason; evidence beside the network call. */
  OUT_OF_BAND_HOST,
  /** A string constant naming a persistence target; evidence beside the file write. */
  PERSISTENCE_PATH,
  /** {@code user.home}, {@code $HOME} or a {@code ~/} path. */
  HOME_DIRECTORY,
  FILE_READ;

  private final List<Capability> capabilities;

  Fact(Capability... capabilities) {
    this.capabilities = List.of(capabilities);
  }

  /** The capabilities this fact shows on its own; empty when it only counts in combination. */
  List<Capability> capabilities() {
    return capabilities;
  }
}
