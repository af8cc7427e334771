package dev.gatehouse.proxy.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.ArtifactKind;
import org.junit.jupiter.api.Test;

class DistributionFileTest {
  private static ProjectName project(String name) {
    return ProjectName.parse(name).orElseThrow();
  }

  @Test
  void projectNamesAreNormalizedAsPep503SaysAndInvalidOnesRefused() {
    assertThat(ProjectName.parse("Foo.Bar__baz-Qux")).map(ProjectName::normalized).hasValue("foo-bar-baz-qux");
    assertThat(ProjectName.parse("requests")).map(ProjectName::normalized).hasValue("requests");
    assertThat(ProjectName.parse("-leading")).isEmpty();
    assertThat(ProjectName.parse("trailing.")).isEmpty();
    assertThat(ProjectName.parse("sp ace")).isEmpty();
    assertThat(ProjectName.parse("%2e%2e")).isEmpty();
    assertThat(ProjectName.parse("a".repeat(ProjectName.MAX_LENGTH + 1))).isEmpty();
  }

  @Test
  void aWheelNamesItsVersionWithOrWithoutABuildTag() {
    assertThat(DistributionFile.of(project("demo-pkg"), "demo_pkg-1.0.2-py3-none-any.whl"))
        .hasValue(new DistributionFile("demo_pkg-1.0.2-py3-none-any.whl", "1.0.2", ArtifactKind.WHEEL));
    assertThat(DistributionFile.of(project("demo-pkg"), "demo_pkg-2.0-1-cp311-cp311-manylinux_2_17_x86_64.whl"))
        .map(DistributionFile::version).hasValue("2.0");
    assertThat(DistributionFile.of(project("demo-pkg"), "demo_pkg-2.0.whl")).isEmpty();
  }

  @Test
  void anSdistVersionFollowsTheProjectNameEvenWhenTheNameHasHyphens() {
    assertThat(DistributionFile.of(project("python-dateutil"), "python-dateutil-2.8.2.tar.gz"))
        .hasValue(new DistributionFile("python-dateutil-2.8.2.tar.gz", "2.8.2", ArtifactKind.SDIST));
    assertThat(DistributionFile.of(project("python-dateutil"), "python_dateutil-2.9.0.post0.tar.gz"))
        .map(DistributionFile::version).hasValue("2.9.0.post0");
    assertThat(DistributionFile.of(project("zope-interface"), "zope.interface-6.0.zip"))
        .map(DistributionFile::version).hasValue("6.0");
    assertThat(DistributionFile.of(project("other"), "renamed-thing-1.2.tar.bz2"))
        .as("a name that does not match: the last hyphen before a digit").map(DistributionFile::version).hasValue("1.2");
  }

  @Test
  void filesGatehouseDoesNotAnalyzeAreNone() {
    for (String name : new String[] {"demo_pkg-1.0-py3.8.egg", "demo_pkg-1.0.win32.exe", "demo_pkg-1.0.tgz",
        "demo_pkg-1.0.msi", "demo_pkg.tar.gz", "../demo_pkg-1.0.tar.gz"}) {
      assertThat(DistributionFile.of(project("demo-pkg"), name)).as(name).isEmpty();
    }
  }
}
