package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.gate.PublishedDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntegrityTest {
  private static final byte[] SHA512 = new byte[64];
  private static final byte[] SHA1 = new byte[20];

  static {
    for (int i = 0; i < SHA512.length; i++) {
      SHA512[i] = (byte) i;
    }
    for (int i = 0; i < SHA1.length; i++) {
      SHA1[i] = (byte) (100 + i);
    }
  }

  @Test
  void theStrongestHashOfSeveralIsTheOneVerified() {
    String sri = "sha1-" + b64(SHA1) + " sha512-" + b64(SHA512) + "?opt";

    PublishedDigest digest = Integrity.of(release(sri, null), "x@1.0.0");

    assertThat(digest).isEqualTo(new PublishedDigest.Published("sha512", HexFormat.of().formatHex(SHA512)));
  }

  @Test
  void theShasumIsUsedOnlyWhenNoIntegrityIsPublished() {
    String shasum = HexFormat.of().formatHex(SHA1);

    assertThat(Integrity.of(release(null, shasum), "x@1.0.0")).isEqualTo(new PublishedDigest.Published("sha1", shasum));
    assertThat(Integrity.of(release("sha512-" + b64(SHA512), shasum), "x@1.0.0"))
        .isEqualTo(new PublishedDigest.Published("sha512", HexFormat.of().formatHex(SHA512)));
  }

  @Test
  void anIntegrityNothingCanBeReadFromLeavesTheTarballUnverifiableEvenWithAShasum() {
    PublishedDigest digest = Integrity.of(release("sha384-" + b64(new byte[48]) + " md5-abc", "aa".repeat(20)), "x@1.0.0");

    assertThat(digest).isInstanceOf(PublishedDigest.Unpublished.class);
    assertThat(((PublishedDigest.Unpublished) digest).sentence())
        .startsWith("the registry publishes an integrity for x@1.0.0 that Gatehouse cannot read");
  }

  @Test
  void aHashOfTheWrongLengthIsNotTaken() {
    assertThat(Integrity.strongest("sha512-" + b64(SHA1))).isEmpty();
  }

  @Test
  void noDigestAtAllIsUnpublished() {
    assertThat(Integrity.of(release(null, null), "x@1.0.0")).isInstanceOf(PublishedDigest.Unpublished.class);
  }

  private static NpmRelease release(String integrity, String shasum) {
    return new NpmRelease("1.0.0", "x-1.0.0.tgz", Optional.empty(), Optional.ofNullable(integrity),
        Optional.ofNullable(shasum), false);
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
