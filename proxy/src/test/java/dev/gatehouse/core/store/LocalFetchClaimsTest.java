package dev.gatehouse.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalFetchClaimsTest {
  private final FetchClaims claims = new LocalFetchClaims();

  @Test
  void whileAFetchRunsEveryClaimOfItsKeySharesItAndOtherKeysLeadTheirOwn() {
    AtomicInteger leaders = new AtomicInteger();
    CompletableFuture<CompletableFuture<String>> held = new CompletableFuture<>();
    CompletableFuture<String> first = claims.claim("a", mine -> {
      leaders.incrementAndGet();
      held.complete(mine);
    });
    CompletableFuture<String> second = claims.<String>claim("a", mine -> leaders.incrementAndGet());
    CompletableFuture<String> other = claims.<String>claim("b", mine -> {
      leaders.incrementAndGet();
      mine.complete("b");
    });

    held.join().complete("a");

    assertThat(second).isSameAs(first);
    assertThat(first.join()).isEqualTo("a");
    assertThat(other.join()).isEqualTo("b");
    assertThat(leaders).hasValue(2);
  }

  @Test
  void aFailedFetchEndsItsClaimSoTheNextRequestFetchesAgain() {
    CompletableFuture<String> failed = claims.claim("a",
        mine -> mine.completeExceptionally(new IOException("upstream answered HTTP 503")));
    CompletableFuture<String> retried = claims.claim("a", mine -> mine.complete("fetched"));

    assertThat(failed).isCompletedExceptionally();
    assertThat(retried.join()).isEqualTo("fetched");
  }

  @Test
  void aLeaderThatThrowsFailsItsFutureInsteadOfHoldingTheClaim() {
    CompletableFuture<String> broken = claims.claim("a", mine -> {
      throw new IllegalStateException("a bug in the leader");
    });
    CompletableFuture<String> next = claims.claim("a", mine -> mine.complete("fetched"));

    assertThat(broken).isCompletedExceptionally();
    assertThat(next.join()).isEqualTo("fetched");
  }
}
