package dev.gatehouse.analyzer.jvm;

/** What a call to a known API means to the analysis; see {@link SensitiveApis}. */
enum ApiRole {
  /** Nothing this analysis cares about. */
  NONE,
  PROCESS_SPAWN,
  NETWORK,
  /**
   * {@code URL.openStream} and {@code URLConnection.getInputStream}: network only when the URL was built
   * from a remote address or decoded data, since most open {@code jar:} and {@code file:} resources.
   */
  URL_OPEN,
  DNS,
  /** {@code System.getenv}, one variable or the whole map (told apart by the descriptor). */
  ENVIRONMENT,
  /** {@code System.getProperty}: {@code user.home} is the home folder. */
  SYSTEM_PROPERTY,
  NATIVE_LOAD,
  /** {@code defineClass} in all its forms: bytes become a class. */
  CLASS_DEFINITION,
  /** A {@code URLClassLoader}: classes from wherever its URLs point. */
  CLASS_LOADER,
  SCRIPT_EVAL,
  JNDI_LOOKUP,
  /** {@code Class.forName}, {@code ClassLoader.loadClass}: a class by name. */
  CLASS_LOOKUP,
  /** {@code getMethod}, {@code findStatic} and the like: a member by name. */
  MEMBER_LOOKUP,
  /** {@code Method.invoke}, {@code MethodHandle.invoke*}. */
  REFLECTIVE_INVOKE,
  /** Base64 and hex decoders. */
  DECODE,
  FILE_READ,
  FILE_WRITE,
  /** Runs a callback it is given: thread start, executors, shutdown hooks, {@code doPrivileged}. */
  CALLBACK_RUNNER,
  /** A JDK value type whose result is built from its receiver and arguments (strings, paths, URIs). */
  DERIVE,
  /** {@code StringBuilder.append} and the like: the receiver takes in the argument and is returned. */
  APPEND
}
