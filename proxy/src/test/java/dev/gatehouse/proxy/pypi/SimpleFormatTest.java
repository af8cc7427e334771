package dev.gatehouse.proxy.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimpleFormatTest {
  private static Optional<SimpleFormat> negotiate(String accept) {
    return SimpleFormat.negotiate(Optional.ofNullable(accept));
  }

  @Test
  void pipAndUvGetJsonBecauseTheyWeightItHighest() {
    assertThat(negotiate(SimpleIndexTest.PIP_ACCEPT)).hasValue(SimpleFormat.JSON);
    assertThat(negotiate("application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, "
        + "text/html;q=0.01")).hasValue(SimpleFormat.JSON);
  }

  @Test
  void olderClientsAndBrowsersGetPlainHtml() {
    assertThat(negotiate(null)).hasValue(SimpleFormat.TEXT_HTML);
    assertThat(negotiate("")).hasValue(SimpleFormat.TEXT_HTML);
    assertThat(negotiate("text/html")).hasValue(SimpleFormat.TEXT_HTML);
    assertThat(negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
        .hasValue(SimpleFormat.TEXT_HTML);
    assertThat(negotiate("*/*")).as("curl").hasValue(SimpleFormat.TEXT_HTML);
  }

  @Test
  void theHighestWeightWinsAndLatestAliasesVersionOne() {
    assertThat(negotiate("application/vnd.pypi.simple.v1+json;q=0.2, application/vnd.pypi.simple.v1+html;q=0.9"))
        .hasValue(SimpleFormat.HTML);
    assertThat(negotiate("application/vnd.pypi.simple.latest+json")).hasValue(SimpleFormat.JSON);
    assertThat(negotiate("application/vnd.pypi.simple.latest+html")).hasValue(SimpleFormat.HTML);
    assertThat(negotiate("APPLICATION/VND.PYPI.SIMPLE.V1+JSON ; Q=1")).hasValue(SimpleFormat.JSON);
  }

  @Test
  void aSpecificRangeOverridesAWildcardForTheSameType() {
    assertThat(negotiate("*/*, text/html;q=0")).hasValue(SimpleFormat.HTML);
    assertThat(negotiate("application/*;q=0.5, application/vnd.pypi.simple.v1+json;q=0.1"))
        .hasValue(SimpleFormat.HTML);
  }

  @Test
  void nothingAcceptableIsEmptyAndUnreadableWeightsAreIgnored() {
    assertThat(negotiate("application/xml")).isEmpty();
    assertThat(negotiate("text/html;q=0, application/json")).isEmpty();
    assertThat(negotiate("application/vnd.pypi.simple.v1+json;q=abc, text/html;q=0.5"))
        .hasValue(SimpleFormat.TEXT_HTML);
    assertThat(negotiate("application/vnd.pypi.simple.v2+json")).isEmpty();
  }
}
