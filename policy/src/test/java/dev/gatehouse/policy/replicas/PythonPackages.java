package dev.gatehouse.policy.replicas;

import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.fixtures.SdistFixture;
import dev.gatehouse.analyzer.fixtures.WheelFixture;
import dev.gatehouse.policy.Ecosystem;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Builds the Python replicas of the evaluation set from source text (files given as path, text,
 * path, text, ...) and judges them with {@link Replica#judge}. Nothing built here is installed or run.
 */
final class PythonPackages {
  private static final String VERSION = "1.0.0";

  private PythonPackages() {}

  static Replica wheel(Path folder, String name, String... pathsAndTexts) throws IOException {
    WheelFixture wheel = WheelFixture.named(name, VERSION);
    for (int i = 0; i + 1 < pathsAndTexts.length; i += 2) {
      if (pathsAndTexts[i].equals("entry_points.txt")) {
        wheel.entryPoints(pathsAndTexts[i + 1]);
      } else {
        wheel.file(pathsAndTexts[i], pathsAndTexts[i + 1]);
      }
    }
    return Replica.judge(wheel.build(folder), ArtifactKind.WHEEL, Ecosystem.PYPI, name, VERSION);
  }

  static Replica sdist(Path folder, String name, String... pathsAndTexts) throws IOException {
    SdistFixture sdist = SdistFixture.named(name, VERSION);
    for (int i = 0; i + 1 < pathsAndTexts.length; i += 2) {
      sdist.file(pathsAndTexts[i], pathsAndTexts[i + 1]);
    }
    return Replica.judge(sdist.tarGz(folder), ArtifactKind.SDIST, Ecosystem.PYPI, name, VERSION);
  }
}
