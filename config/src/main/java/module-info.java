/**
 * Loads and validates {@code gatehouse.yml} into immutable records. Its records are read from YAML
 * trees by hand, not bound by reflection, so nothing is opened to Jackson.
 */
module dev.gatehouse.config {
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.yaml.snakeyaml;

  exports dev.gatehouse.config;
}
