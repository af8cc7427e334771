package dev.gatehouse.analyzer;

/**
 * When code in a package runs without the application calling it: the first axis of every finding.
 *
 * <p>{@link #label()} is the phrase reviewers and developers read in verdicts and 403 bodies; {@link
 * #key()} is the stable name used in policy files and JSON.
 */
public enum Trigger {
  NPM_LIFECYCLE_SCRIPT("npm-lifecycle-script", "npm lifecycle script"),
  IMPLICIT_NATIVE_BUILD("implicit-native-build", "implicit native build (node-gyp)"),
  SETUP_SCRIPT("setup-script", "Python setup script"),
  BUILD_BACKEND("build-backend", "in-tree build backend"),
  STARTUP_HOOK("startup-hook", "interpreter startup hook"),
  IMPORT_TIME("import-time", "module import-time code"),
  STATIC_INITIALIZER("static-initializer", "static initializer"),
  SERVICE_REGISTRATION("service-registration", "auto-loaded service"),
  ANNOTATION_PROCESSOR("annotation-processor", "annotation processor"),
  JAVA_AGENT("java-agent", "Java agent"),
  BUILD_PLUGIN("build-plugin", "build plugin or extension"),
  PLUGIN_ENTRY_POINT("plugin-entry-point", "auto-loaded plugin entry point"),
  /** A version adds a trigger or drops provenance that its predecessors had (npm packument history). */
  VERSION_CHANGE("version-change", "change from earlier versions"),
  /**
   * Files an installer places outside the package's own folder (a wheel's {@code .data/scripts},
   * {@code .data/data}, {@code .data/headers}): commands on the PATH, files under the environment's
   * prefix. Nothing runs by itself, but a reviewer should see what lands where.
   */
  INSTALLED_FILE("installed-file", "file installed outside the package");

  private final String key;
  private final String label;

  Trigger(String key, String label) {
    this.key = key;
    this.label = label;
  }

  public String key() {
    return key;
  }

  public String label() {
    return label;
  }

  /** The trigger whose {@link #key()} is {@code key}, or {@code null}. */
  public static Trigger fromKey(String key) {
    for (Trigger t : values()) {
      if (t.key.equals(key)) {
        return t;
      }
    }
    return null;
  }
}
