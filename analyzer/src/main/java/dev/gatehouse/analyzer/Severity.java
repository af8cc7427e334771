package dev.gatehouse.analyzer;

/** How much a finding matters to a reviewer, ordered from least to most. */
public enum Severity {
  /** Worth recording; no reviewer would act on it alone. */
  INFO,
  /** Code runs at a trigger but does nothing notable. */
  LOW,
  /** A trigger that reaches one sensitive capability, or a build-time hook; something to review. */
  MEDIUM,
  /** A trigger that reaches several sensitive capabilities, or an archive that cannot be trusted. */
  HIGH,
  /** The shape of an attack: secrets and network together, an encoded payload fed to dynamic code. */
  CRITICAL;

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
