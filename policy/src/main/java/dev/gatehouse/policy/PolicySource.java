package dev.gatehouse.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@link Policy} comes from: the embedded default file, and an operator's file laid over it.
 * All reading happens here, once; a built policy does no I/O.
 */
final class PolicySource {
  static final String DEFAULT_RESOURCE = "default-policy.yml";
  static final String DEFAULT_SOURCE = "embedded " + DEFAULT_RESOURCE;

  private PolicySource() {}

  static Policy embedded() {
    return layered(List.of(defaultFile()));
  }

  static Policy load(Path file) {
    String source = file.toString();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = bounded(source, in);
    } catch (NoSuchFileException e) {
      throw new PolicyException(source + ": no such file", e);
    } catch (IOException e) {
      throw new PolicyException(source + ": cannot be read: " + e.getMessage(), e);
    }
    return parse(source, text(source, bytes));
  }

  static Policy parse(String source, String text) {
    PolicyFile file = PolicyFile.parse(source, text);
    return layered(file.extendsDefault() ? List.of(defaultFile(), file) : List.of(file));
  }

  /** Lays each file over the ones before it, as {@link Policy#load} describes. */
  private static Policy layered(List<PolicyFile> layers) {
    List<Rule> rules = List.of();
    Trust trust = Trust.none();
    List<DenyEntry> deny = new ArrayList<>();
    Cooldown cooldown = Cooldown.off();
    for (PolicyFile layer : layers) {
      rules = layer.rulesOver(rules);
      trust = trust.plus(layer.trust());
      deny.addAll(layer.deny());
      cooldown = cooldown.plus(layer.minimumAge().orElse(cooldown.minimumAge()),
          layer.newDependencyAge().orElse(cooldown.newDependencyAge()), layer.exemptions());
    }
    return new Policy(rules, trust, deny, cooldown);
  }

  private static PolicyFile defaultFile() {
    try (InputStream in = PolicySource.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_SOURCE + " is missing from the class path");
      }
      PolicyFile file = PolicyFile.parse(DEFAULT_SOURCE, text(DEFAULT_SOURCE, bounded(DEFAULT_SOURCE, in)));
      if (!file.extendsDefault()) {
        throw new IllegalStateException(DEFAULT_SOURCE + " cannot say extends: none");
      }
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(DEFAULT_SOURCE + " cannot be read", e);
    }
  }

  private static byte[] bounded(String source, InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(PolicyFile.MAX_FILE_BYTES + 1);
    if (bytes.length > PolicyFile.MAX_FILE_BYTES) {
      throw new PolicyException("%s: larger than %d bytes, the most a policy file may have"
          .formatted(source, PolicyFile.MAX_FILE_BYTES));
    }
    return bytes;
  }

  private static String text(String source, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new PolicyException(source + ": not UTF-8 text", e);
    }
  }
}
