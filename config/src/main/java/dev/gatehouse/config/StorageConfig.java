package dev.gatehouse.config;

import java.nio.file.Path;

/** {@code storage.*}: {@code dir} ({@code GATEHOUSE_DATA_DIR}) holds blobs, the database and the admin token. */
public record StorageConfig(Path dir) {}
