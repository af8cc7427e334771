package dev.gatehouse.analyzer.archive;

import java.io.IOException;

/**
 * An entry is larger than {@code limits.maxEntryBytes}, so it was not read into memory. The walker has
 * already recorded the finding; a visitor may let this propagate or catch it and go on.
 */
public final class EntryTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  EntryTooLargeException(String message) {
    super(message);
  }
}
