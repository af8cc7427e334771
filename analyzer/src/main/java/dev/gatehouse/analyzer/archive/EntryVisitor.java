package dev.gatehouse.analyzer.archive;

import java.io.IOException;

/**
 * Receives the regular files of an archive, one at a time, in the archive's physical order. An {@link
 * IOException} thrown here marks that one entry unreadable; the walk goes on with the next entry.
 */
@FunctionalInterface
public interface EntryVisitor {
  void visit(ArchiveEntry entry) throws IOException;
}
