/**
 * The Gatehouse server and command line: HTTP, the registries, the admin API, and the wiring that
 * turns the configuration into the core's settings. Nothing depends on it, so it exports nothing.
 * It runs from the shaded jar on the class path; this descriptor is there so the compiler checks
 * it reaches only what config, core, analyzer and policy export. Netty, Micrometer and Flyway are automatic modules (named by their manifests), hence
 * the suppressed warning.
 */
@SuppressWarnings("requires-automatic")
module dev.gatehouse.proxy {
  requires dev.gatehouse.analyzer;
  requires dev.gatehouse.config;
  requires dev.gatehouse.core;
  requires dev.gatehouse.policy;
  requires java.net.http;
  requires java.sql;
  requires java.xml;
  requires jdk.unsupported;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.github.benmanes.caffeine;
  requires com.zaxxer.hikari;
  requires flyway.core;
  requires info.picocli;
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.common;
  requires io.netty.handler;
  requires io.netty.transport;
  requires micrometer.core;
  requires micrometer.registry.prometheus;
  requires org.slf4j;
  requires org.xerial.sqlitejdbc;

  // picocli reads the commands' annotated fields by reflection.
  opens dev.gatehouse.proxy.cli to info.picocli;
}
