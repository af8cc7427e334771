package dev.gatehouse.config;

import dev.gatehouse.config.UpstreamsConfig.MavenUpstream;
import dev.gatehouse.config.UpstreamsConfig.NpmUpstream;
import dev.gatehouse.config.UpstreamsConfig.PypiUpstream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads {@code upstreams.*}: the registries Gatehouse fetches from, and how it talks to them. */
final class UpstreamsReader {
  /** Most extra attempts after a failure; more would hold a build for minutes behind a dead upstream. */
  static final int MAX_RETRIES = 10;

  // A Maven upstream's name appears in logs, metrics and the audit log: one plain word.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private UpstreamsReader() {}

  static UpstreamsConfig read(ConfigNode upstreams, Duration maxDuration) throws ConfigException {
    upstreams.mapping(List.of("maven", "npm", "pypi", "connectTimeout", "readTimeout", "retries",
        "downloadTimeout"));
    return new UpstreamsConfig(
        maven(upstreams.key("maven")),
        npm(upstreams.key("npm")),
        pypi(upstreams.key("pypi")),
        upstreams.key("connectTimeout").duration(false, maxDuration),
        upstreams.key("readTimeout").duration(false, maxDuration),
        upstreams.key("retries").integer(0, MAX_RETRIES),
        upstreams.key("downloadTimeout").duration(false, maxDuration));
  }

  private static List<MavenUpstream> maven(ConfigNode maven) throws ConfigException {
    List<ConfigNode> elements = maven.list();
    if (elements.isEmpty()) {
      throw maven.problem("must list at least one repository");
    }
    List<MavenUpstream> repositories = new ArrayList<>(elements.size());
    Map<String, String> pathsByName = new HashMap<>();
    for (ConfigNode element : elements) {
      element.mapping(List.of("name", "url"));
      ConfigNode nameNode = element.key("name");
      String name = nameNode.text();
      if (!NAME.matcher(name).matches()) {
        throw nameNode.problem("a name is up to 64 letters, digits, '.', '_' or '-', got " + Quoted.of(name));
      }
      // Names identify a repository in the audit log, so two must never share one.
      String earlier = pathsByName.putIfAbsent(name, element.path());
      if (earlier != null) {
        throw nameNode.problem(Quoted.of(name) + " is already the name of " + earlier);
      }
      repositories.add(new MavenUpstream(name, element.key("url").baseUrl()));
    }
    return repositories;
  }

  private static NpmUpstream npm(ConfigNode npm) throws ConfigException {
    npm.mapping(List.of("url"));
    return new NpmUpstream(npm.key("url").baseUrl());
  }

  private static PypiUpstream pypi(ConfigNode pypi) throws ConfigException {
    pypi.mapping(List.of("index", "files"));
    URI index = pypi.key("index").baseUrl();
    ConfigNode filesNode = pypi.key("files");
    List<ConfigNode> elements = filesNode.list();
    if (elements.isEmpty()) {
      throw filesNode.problem("must list at least one URL that artifact downloads may reach");
    }
    List<URI> files = new ArrayList<>(elements.size());
    for (ConfigNode element : elements) {
      files.add(element.baseUrl());
    }
    return new PypiUpstream(index, files);
  }
}
