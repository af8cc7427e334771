package dev.gatehouse.proxy.npm;

import dev.gatehouse.analyzer.Finding;
import java.util.List;

/**
 * Findings about one version drawn from the versions before it in its packument: a version that adds an install
 * script its predecessors lacked, or drops the provenance they had. They come from metadata, not from the
 * tarball's bytes, and reach the policy as {@code PackageFacts.metadataFindings}.
 */
@FunctionalInterface
interface VersionHistory {
  /** The findings for {@code version} of the package {@code index} describes; empty when it changes nothing. */
  List<Finding> findings(PackumentIndex index, String version);
}
