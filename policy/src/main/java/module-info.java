/**
 * Turns an analysis, a package identity and its facts into a verdict. Pure and deterministic: it
 * requires no HTTP, storage or JDBC module, so the compiler refuses any such use.
 */
module dev.gatehouse.policy {
  requires transitive dev.gatehouse.analyzer;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.yaml.snakeyaml;

  exports dev.gatehouse.policy;
}
