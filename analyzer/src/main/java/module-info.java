/**
 * Finds code that runs at install, build, import or startup time in an artifact. It reads no
 * network and no database: it requires neither {@code java.net.http}, {@code java.sql}, Netty nor
 * a JDBC driver, so the compiler refuses any such use. Only the packages other modules use are
 * exported: the analysis API, the archive walker the {@code scan} command reuses, and the npm
 * publish history the cooldown reads; the ecosystem internals stay inside.
 */
module dev.gatehouse.analyzer {
  requires java.xml;
  requires com.fasterxml.jackson.core;
  // PackumentHistory's public methods take Jackson trees.
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.toml;
  requires org.apache.commons.compress;
  requires org.tukaani.xz;
  requires org.objectweb.asm;

  exports dev.gatehouse.analyzer;
  exports dev.gatehouse.analyzer.archive;
  exports dev.gatehouse.analyzer.npm;
}
