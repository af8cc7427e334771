package dev.gatehouse.analyzer.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a string constant means on its own: a credential location, the home folder, a system path, a remote address. */
class ConstantMeaningTest {
  @ParameterizedTest
  @ValueSource(strings = {".ssh/id_rsa", "/.ssh", "~/.aws/credentials", ".aws", ".m2/settings.xml", ".npmrc",
      ".netrc", "_netrc", ".docker/config.json", ".kube/config", ".git-credentials", ".gnupg", "C:\\Users\\x\\.ssh\\id_ed25519",
      ".config/gcloud/application_default_credentials.json", ".gradle/gradle.properties", ".pypirc"})
  void credentialLocationsAreRecognised(String constant) {
    assertThat(Taint.ofConstant(constant) & Taint.CREDENTIAL).isNotZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ssh", "see ~/.ssh/config for details", "settings.xml", ".docker", "docker/config.json",
      ".m2/repository", "id_rsa.pub.txt", "credentials", ".sshd", "javax.net.ssl.keyStore"})
  void wordsProseAndNeighboursAreNotCredentials(String constant) {
    assertThat(Taint.ofConstant(constant) & Taint.CREDENTIAL).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/tmp", "/tmp/x.sh", "/etc/cron.d/job", "/home/ci/.bashrc", "C:\\Windows\\Temp\\x", "/Users/x"})
  void absoluteSystemPathsAreOutsideTheWorkingDirectory(String constant) {
    assertThat(Taint.ofConstant(constant) & Taint.OUTSIDE).isNotZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/META-INF/services/x", "/templates/page.html", "/tmpl", "target/out", "/dev/null"})
  void classPathResourcesAndRelativePathsAreNot(String constant) {
    assertThat(Taint.ofConstant(constant) & Taint.OUTSIDE).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://collector.invalid/x", "http://a.invalid", "FTP://b.invalid/c", "https"})
  void remoteAddressesAreRecognised(String constant) {
    assertThat(Taint.ofConstant(constant) & Taint.REMOTE).isNotZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"~/.cache", "${user.home}/.m2", "%USERPROFILE%\\x"})
  void homeFolderSpellingsAreRecognised(String constant) {
    assertThat(Taint.ofConstant(constant) & Taint.HOME).isNotZero();
  }
}
