package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code server.publicUrl}, {@code server.trustedProxies} and {@code auth.anonymous}. */
class AccessKeysTest {
  @TempDir Path folder;

  @Test
  void trustedProxiesAcceptAddressesAndCidrBlocksOfBothFamilies() throws Exception {
    GatehouseConfig loaded = new GatehouseYml(folder).load("""
        server:
          trustedProxies: [10.0.0.0/8, 127.0.0.1, "fd00::/8", "::1"]
          publicUrl: https://gatehouse.example.com
        auth:
          anonymous: false
        """);

    assertThat(loaded.server().trustedProxies()).extracting(AddressRange::toString)
        .containsExactly("10.0.0.0/8", "127.0.0.1/32", "fd00:0:0:0:0:0:0:0/8", "0:0:0:0:0:0:0:1/128");
    AddressRange tenSlash8 = loaded.server().trustedProxies().get(0);
    assertThat(tenSlash8.contains(InetAddress.getByName("10.200.3.4"))).isTrue();
    assertThat(tenSlash8.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
    assertThat(tenSlash8.contains(InetAddress.getByName("::ffff:a00:1"))).isTrue(); // Java maps it to 10.0.0.1
    assertThat(loaded.server().trustedProxies().get(2).contains(InetAddress.getByName("fd12::1"))).isTrue();
    assertThat(loaded.server().trustedProxies().get(2).contains(InetAddress.getByName("10.0.0.1"))).isFalse();
    assertThat(loaded.server().publicUrl()).isEqualTo(Optional.of(URI.create("https://gatehouse.example.com/")));
    assertThat(loaded.auth().anonymous()).isFalse();
  }

  @Test
  void anEntryThatIsNotAnAddressIsNamedInTheMessage() {
    assertThatThrownBy(() -> new GatehouseYml(folder).load("server:\n  trustedProxies: [10.0.0.0/8, proxy.internal]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("server.trustedProxies[1]: not an IP address or CIDR block such as 10.0.0.0/8: "
            + "\"proxy.internal\"");
    assertThatThrownBy(() -> new GatehouseYml(folder).load("server:\n  trustedProxies: [10.0.0.0/33]\n"))
        .hasMessageEndingWith("server.trustedProxies[0]: the prefix length of \"10.0.0.0/33\" must be 0..32");
  }

  @Test
  void anonymousIsTrueOrFalseAndThePublicUrlIsAnHttpUrl() {
    assertThatThrownBy(() -> new GatehouseYml(folder).load("auth:\n  anonymous: sometimes\n"))
        .hasMessageEndingWith("auth.anonymous: expected true or false, got \"sometimes\"");
    assertThatThrownBy(() -> new GatehouseYml(folder).load("server:\n  publicUrl: gatehouse:8080\n"))
        .hasMessageContaining("server.publicUrl: not an absolute http(s) URL");
  }
}
