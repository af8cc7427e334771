package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every policy example in docs/policy.md is a policy Gatehouse accepts, so an operator can copy it. */
class DocumentedExamplesTest {
  private static final Path DOCS = Path.of("..", "docs", "policy.md");
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyPolicyExampleInTheDocsParses() throws IOException {
    List<String> examples = new ArrayList<>();
    Matcher block = YAML_BLOCK.matcher(Files.readString(DOCS));
    while (block.find()) {
      // The gatehouse.yml excerpt that names the policy file is not itself a policy file.
      if (!block.group(1).startsWith("policy:")) {
        examples.add(block.group(1));
      }
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
    for (String example : examples) {
      assertThat(Policy.parse("docs/policy.md", example).version()).as(example).matches("[0-9a-f]{64}");
    }
  }
}
