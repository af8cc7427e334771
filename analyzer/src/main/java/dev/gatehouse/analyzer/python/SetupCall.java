package dev.gatehouse.analyzer.python;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@code setup(...)} call in a setup script declares that changes what runs at build time.
 *
 * @param cmdclass command name to the qualified name of the class that replaces it ({@code install} to
 *     {@code setup.PostInstall}), sorted by command
 * @param setupRequires requirements setuptools fetches and imports before building
 * @param dependencyLinks URLs setuptools may fetch packages from, outside any index
 * @param line the line of the call
 * @param excerpt the source line of the call
 */
record SetupCall(
    Map<String, String> cmdclass, List<String> setupRequires, List<String> dependencyLinks, int line, String excerpt) {
  SetupCall {
    cmdclass = java.util.Collections.unmodifiableMap(new TreeMap<>(cmdclass));
    setupRequires = List.copyOf(setupRequires);
    dependencyLinks = List.copyOf(dependencyLinks);
  }
}
