package dev.gatehouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.audit.DailyActivity;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code GET /api/v1/stats/daily?days=14}: downloads, refusals, quarantined and open entries per day (UTC), oldest
 * first, for the overview of the web UI. Runs on the blocking executor, behind the admin API's authentication.
 */
public final class StatsApi {
  /** Days answered when the request names none: two weeks show a weekly rhythm twice. */
  static final int DEFAULT_DAYS = 14;

  private final DailyActivity activity;
  private final Clock clock;
  private final ObjectMapper mapper = new ObjectMapper();
  private final AdminJson json = new AdminJson();

  public StatsApi(DailyActivity activity, Clock clock) {
    this.activity = requireNonNull(activity, "activity");
    this.clock = requireNonNull(clock, "clock");
  }

  HttpReply daily(HttpCall call) throws IOException {
    for (String name : call.query().keySet()) {
      if (!name.equals("days")) {
        return HttpProblem.badRequest("unknown parameter \"" + HttpProblem.printable(name)
            + "\"; /api/v1/stats/daily takes only days (1 to " + DailyActivity.MAX_DAYS + ")");
      }
    }
    int days = days(call.param("days"));
    ObjectNode node = mapper.createObjectNode();
    ArrayNode list = node.putArray("days");
    for (DailyActivity.Day day : activity.lastDays(days, clock.instant())) {
      list.addObject().put("day", day.day().toString()).put("downloads", day.downloads())
          .put("refusals", day.refusals()).put("quarantined", day.quarantined()).put("open", day.open());
    }
    return json.reply(HttpResponseStatus.OK, node);
  }

  private static int days(Optional<String> value) {
    if (value.isEmpty()) {
      return DEFAULT_DAYS;
    }
    String v = value.get();
    int n;
    try {
      n = v.length() > 3 ? -1 : Integer.parseInt(v); // longer is out of range, and could overflow an int
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > DailyActivity.MAX_DAYS) {
      throw new IllegalArgumentException("days must be a number from 1 to " + DailyActivity.MAX_DAYS + ", was \""
          + HttpProblem.printable(v) + "\"");
    }
    return n;
  }
}
