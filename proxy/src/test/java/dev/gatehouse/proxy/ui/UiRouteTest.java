package dev.gatehouse.proxy.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.RawRequest;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UiRouteTest {
  @TempDir Path tmp;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    gatehouse = TestGatehouse.builder(tmp).start();
  }

  @AfterEach
  void stop() {
    gatehouse.close();
  }

  @Test
  void uiWithoutTheSlashRedirectsToTheDirectorySoRelativeScriptsResolve() throws Exception {
    HttpResponse<String> response = gatehouse.get("/ui");

    assertThat(response.statusCode()).isEqualTo(301);
    assertThat(response.headers().firstValue("Location")).hasValue("/ui/");
  }

  @Test
  void theIndexIsServedWithAStrictContentSecurityPolicyAndNoSniffing() throws Exception {
    HttpResponse<String> response = gatehouse.get("/ui/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
        .startsWith("default-src 'self'; script-src 'self'; style-src 'self';").contains("frame-ancestors 'none'")
        .doesNotContain("unsafe");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(response.body()).contains("<script type=\"module\" src=\"app.js\"></script>")
        .contains("<link rel=\"stylesheet\" href=\"app.css\">");
  }

  @Test
  void everyFileIsServedWithItsTypeAndNeedsNothingFromAnotherHost() throws Exception {
    for (String file : UiRoute.FILES) {
      HttpResponse<String> response = gatehouse.get("/ui/" + file);

      assertThat(response.statusCode()).as(file).isEqualTo(200);
      String type = response.headers().firstValue("Content-Type").orElseThrow();
      assertThat(type).as(file).isEqualTo(file.endsWith(".js") ? "text/javascript; charset=utf-8"
          : file.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8");
      assertThat(response.headers().firstValue("Content-Security-Policy")).as(file).isPresent();
      // Works offline: no URL of another host is loaded (links to public registries are navigation, not loads).
      assertThat(response.body()).as(file).doesNotContain("@import", "url(http", "src=\"http", "src=\"//",
          "href=\"http", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
    }
  }

  @Test
  void everyModuleTheScriptsImportIsOneTheRouteServes() throws Exception {
    Pattern imports = Pattern.compile("from '\\./([a-z]+\\.js)'");
    for (String file : UiRoute.FILES) {
      Matcher m = imports.matcher(gatehouse.get("/ui/" + file).body());
      while (m.find()) {
        assertThat(UiRoute.FILES).as("imported by " + file).contains(m.group(1));
      }
    }
  }

  @Test
  void aFileNotChangedSinceTheLastVisitIsAnsweredWith304() throws Exception {
    String etag = gatehouse.get("/ui/app.js").headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again = gatehouse.get("/ui/app.js", "If-None-Match", etag);

    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void pathsThatClimbOutOfTheUiFolderOrNameNoUiFileAreNotFound() throws Exception {
    for (String path : new String[] {"/ui/../logback.xml", "/ui/..%2flogback.xml", "/ui/%2e%2e/logback.xml",
        "/ui/%2E%2E%2Flogback.xml", "/ui/..\\logback.xml", "/ui/./app.js", "/ui//app.js", "/ui/app.js%00",
        "/ui/app.js/", "/ui/APP.JS", "/ui/logback.xml", "/ui/ui/app.js", "/ui/../ui/app.js",
        "/ui/%2e%2e/dev/gatehouse/proxy/ui/UiRoute.class", "/ui/index.html?x=/../../logback.xml"}) {
      RawRequest.Answer answer = RawRequest.get(gatehouse.port(), path);

      if (path.startsWith("/ui/index.html?")) {
        assertThat(answer.status()).as(path).isEqualTo(200); // the query is no part of the file name
        assertThat(answer.body()).as(path).contains("<title>Gatehouse</title>");
        continue;
      }
      assertThat(answer.status()).as(path).isBetween(400, 404);
      assertThat(answer.body()).as(path).doesNotContain("<configuration", "appender", "<script", "import ");
    }
  }

  @Test
  void onlyGetAndHeadAreAnswered() throws Exception {
    HttpResponse<String> post = gatehouse.send("POST", "/ui/app.js",
        java.net.http.HttpRequest.BodyPublishers.ofString("x"));
    HttpResponse<byte[]> head = gatehouse.head("/ui/app.css");

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }
}
