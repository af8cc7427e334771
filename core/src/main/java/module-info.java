/**
 * The gate every upstream fetch passes through, and the ports it stands on. It requires no HTTP
 * server module and not the configuration records, so the compiler refuses any such use: the
 * registries in {@code dev.gatehouse.proxy} turn requests into calls on the gate and its answers
 * into replies; {@code Gatehouse} turns the configuration into the gate's own settings.
 * HikariCP, Flyway and Micrometer are automatic modules (named by their manifests), hence the
 * suppressed warning.
 */
@SuppressWarnings("requires-automatic")
module dev.gatehouse.core {
  requires transitive dev.gatehouse.analyzer;
  requires transitive dev.gatehouse.policy;
  requires transitive java.sql;
  requires java.net.http;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.github.benmanes.caffeine;
  requires com.zaxxer.hikari;
  requires flyway.core;
  requires transitive micrometer.core;
  requires org.slf4j;
  requires org.xerial.sqlitejdbc;

  exports dev.gatehouse.core.audit;
  exports dev.gatehouse.core.gate;
  exports dev.gatehouse.core.identity;
  exports dev.gatehouse.core.metadata;
  exports dev.gatehouse.core.quarantine;
  exports dev.gatehouse.core.store;
  exports dev.gatehouse.core.upstream;
}
