package dev.gatehouse.core.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only file every audit event is written to before its response is sent, so that an event the database
 * had not stored yet when the process died is stored at the next start. Events are JSON lines in numbered segments
 * ({@code 00000000000000000001.jsonl}, ...); a segment is deleted once every event in it is in the database.
 *
 * <p>A line is written with one {@code write} to the file before {@link AuditLog#record} returns: the operating
 * system has it then, so a killed or crashed process loses nothing. The file is not forced to the disk per event; an
 * operating-system crash or power cut can lose what was written in the last moments. Not thread-safe: {@link
 * AuditLog} calls it under its lock.
 */
final class AuditJournal implements AutoCloseable {
  /** A segment past this size is closed and the next begins, so that stored segments can be deleted under load. */
  static final long MAX_SEGMENT_BYTES = 8L * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(AuditJournal.class);
  private static final Pattern SEGMENT = Pattern.compile("(\\d{20})\\.jsonl");

  /** One journal line; field names are the file format. */
  record Line(String id, long time, String client, String user, String ecosystem, String name, String version,
      String file, String sha256, String decision, String rule, int status, long bytes, String requestId) {}

  /** An event read back from the journal, with the id it is stored under and the segment holding it. */
  record Journaled(String id, AuditEvent event, long segment) {}

  private final Path dir;
  private final ObjectMapper mapper = new ObjectMapper();
  private long segment;
  private FileChannel channel;
  private long size;

  private AuditJournal(Path dir, long segment) throws IOException {
    this.dir = dir;
    this.segment = segment;
    open();
  }

  /**
   * Opens the journal in {@code dir} and reads back every event of its earlier segments, oldest first; new events go
   * to a new segment. A line cut short by the death of the process that wrote it is skipped: its response was never
   * sent.
   */
  static AuditJournal open(Path dir, List<Journaled> earlier) throws IOException {
    Files.createDirectories(dir);
    ObjectMapper mapper = new ObjectMapper();
    long last = 0;
    for (long number : segments(dir)) {
      last = Math.max(last, number);
      try (BufferedReader reader = Files.newBufferedReader(dir.resolve(name(number)), StandardCharsets.UTF_8)) {
        String text;
        while ((text = reader.readLine()) != null) {
          try {
            Line line = mapper.readValue(text, Line.class);
            earlier.add(new Journaled(requireNonNull(line.id(), "id"), event(line), number));
          } catch (JsonProcessingException | IllegalArgumentException | NullPointerException torn) {
            log.warn("skipping an unreadable line of audit journal segment {}: {}", name(number), torn.getMessage());
          }
        }
      }
    }
    return new AuditJournal(dir, last + 1);
  }

  /** The journal line of {@code event} under {@code id}; thread-safe, so callers encode outside the log's lock. */
  byte[] encode(String id, AuditEvent e) throws IOException {
    return (mapper.writeValueAsString(new Line(id, e.time().toEpochMilli(), e.clientAddress(), e.user(),
        e.ecosystem().key(), e.name(), e.version(), e.file(), e.sha256(),
        e.decision() == null ? null : e.decision().name(), e.rule(), e.status(), e.bytesSent(), e.requestId()))
        + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Writes a line from {@link #encode} to the current segment and returns that segment's number. */
  long append(byte[] line) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(line);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    size += line.length;
    return segment;
  }

  /** The segment new events go to. */
  long segment() {
    return segment;
  }

  /** Whether the current segment has grown past {@link #MAX_SEGMENT_BYTES}, or holds events while none is queued. */
  boolean worthRotating(boolean nothingQueued) {
    return size >= MAX_SEGMENT_BYTES || (nothingQueued && size > 0);
  }

  /** Closes the current segment; later events go to the next one. */
  void rotate() throws IOException {
    channel.close();
    segment++;
    open();
  }

  /** Deletes every segment before {@code oldestNeeded}: all their events are in the database. */
  void deleteBefore(long oldestNeeded) throws IOException {
    for (long number : segments(dir)) {
      if (number < oldestNeeded) {
        Files.deleteIfExists(dir.resolve(name(number)));
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
    if (size == 0) {
      Files.deleteIfExists(dir.resolve(name(segment)));
    }
  }

  private void open() throws IOException {
    channel = FileChannel.open(dir.resolve(name(segment)), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    size = channel.size();
  }

  private static List<Long> segments(Path dir) throws IOException {
    List<Long> numbers = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(f -> {
        Matcher m = SEGMENT.matcher(f.getFileName().toString());
        if (m.matches()) {
          numbers.add(Long.parseLong(m.group(1)));
        }
      });
    }
    numbers.sort(null);
    return numbers;
  }

  private static String name(long number) {
    return "%020d.jsonl".formatted(number);
  }

  private static AuditEvent event(Line l) {
    Ecosystem ecosystem = Ecosystem.fromKey(l.ecosystem());
    if (ecosystem == null) {
      throw new IllegalArgumentException("unknown ecosystem " + l.ecosystem());
    }
    return new AuditEvent(Instant.ofEpochMilli(l.time()), l.client(), l.user(), ecosystem, l.name(), l.version(),
        l.file(), l.sha256(), l.decision() == null ? null : Decision.valueOf(l.decision()), l.rule(), l.status(),
        l.bytes(), l.requestId());
  }
}
