package dev.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import java.util.stream.Stream;

/**
 * One file of one package version, as its ecosystem names it.
 *
 * @param name Maven {@code groupId:artifactId}; npm {@code name} or {@code @scope/name}; PyPI the
 *     PEP 503 normalized project name
 * @param file the artifact's file name, such as {@code guava-33.0.0-jre.jar}
 */
public record PackageRef(Ecosystem ecosystem, String name, String version, String file) {
  public PackageRef {
    requireNonNull(ecosystem, "ecosystem");
    if (Stream.of(name, version, file).anyMatch(s -> s == null || s.isBlank())) {
      throw new IllegalArgumentException(
          "incomplete package reference: %s %s@%s %s".formatted(ecosystem, name, version, file));
    }
  }

  /** {@code name@version}, or Maven's {@code group:artifact:version}, for messages. */
  public String coordinates() {
    return ecosystem == Ecosystem.MAVEN ? name + ":" + version : name + "@" + version;
  }

  @Override
  public String toString() {
    return ecosystem.key() + " " + coordinates() + " " + file;
  }
}
