package dev.gatehouse.analyzer.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VocabularyTest {
  @ParameterizedTest
  @ValueSource(strings = {"~/.ssh/id_rsa", "/home/runner/.npmrc", ".aws", "~/.claude/settings.json",
      "~/.config/gh/hosts.yml", "C:\\Users\\x\\.docker\\config.json", "~/.m2/settings.xml",
      "AppData/Roaming/discord/Local Storage/leveldb", "Google/Chrome/User Data/Default/Login Data",
      "~/.kube/config", "~/.cargo/credentials.toml", "/var/run/secrets/kubernetes.io/serviceaccount/token",
      "~/.pip/pip.conf", "~/.config/openstack/clouds.yaml", "~/.claude/.credentials.json", "~/.config/Exodus/exodus.wallet",
      "~/.gradle/gradle.properties", "~/.yarnrc", "~/.azure/accessTokens.json"})
  void credentialStoresAreNamedWhereverTheySit(String path) {
    assertThat(CredentialStores.named(path)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/var/run/secrets/kubernetes.io/serviceaccount/namespace", "discord", "Login Data", "src/settings.xml", "config.json", "add it to your npmrc",
      "lib/chrome/index.js", "docs/network.md"})
  void proseAndOrdinaryPathsAreNoStore(String text) {
    assertThat(CredentialStores.named(text)).isEmpty();
  }

  @Test
  void proseNamingAStoreIsNotAPath() {
    assertThat(CredentialStores.namedByPath("put your token in ~/.npmrc")).isFalse();
    assertThat(CredentialStores.namedByPath("~/.npmrc")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"~/.bashrc", "/etc/cron.d/job", ".vscode/tasks.json", "site-packages/evil.pth",
      "~/.config/autostart/x.desktop", ".git/hooks/pre-commit", ".github/workflows/ci.yml",
      "~/.ssh/authorized_keys", "/etc/profile.d/x.sh", "~/.gradle/init.d/evil.gradle", ".mvn/extensions.xml", ".git/config",
      ".devcontainer/devcontainer.json", "~/.cursor/mcp.json", "/etc/ld.so.preload", "~/.yarnrc.yml"})
  void persistenceTargetsAreNamed(String path) {
    assertThat(PersistenceTargets.named(path)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"README.md", "src/profile.py", "pth", ".bashrc.example/x/y", "src/main/resources/config",
      "gradle.properties", "docs/ci.yml"})
  void ordinaryFilesAreNoPersistenceTarget(String path) {
    assertThat(PersistenceTargets.named(path)).as(path).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://abc123.oast.fun/x", "http://webhook.site/1f2e", "https://discord.com/api/webhooks/1/a",
      "https://api.telegram.org/bot123:abc/sendMessage", "http://169.254.169.254/latest/meta-data/",
      "http://45.9.148.3:8080/p", "https://x.raw.icp0.io/drain", "pastebin.com/raw/abc", "https://a.ngrok-free.app"})
  void outOfBandHostsAreRecognized(String url) {
    assertThat(OutOfBandHosts.reason(url)).as(url).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://registry.npmjs.org/x", "https://discord.com/invite/abc", "1.2.3.4",
      "http://127.0.0.1:8080/", "[a]/x", "[0-9.]+/x", "https://github.com/a/b", "not a url at all", "https://pypi.org/simple/"})
  void ordinaryHostsAndTextAreNotOutOfBand(String text) {
    assertThat(OutOfBandHosts.reason(text)).as(text).isEmpty();
  }
}
