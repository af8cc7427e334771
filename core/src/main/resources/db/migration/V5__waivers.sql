-- Waivers: a reviewer lets the quarantined versions of a package within a range through, for a reason and usually
-- until a time. A deleted waiver is kept, with who deleted it and when, for the audit trail.
CREATE TABLE waivers (
  id          TEXT    NOT NULL PRIMARY KEY,
  ecosystem   TEXT    NOT NULL,
  name        TEXT    NOT NULL,
  versions    TEXT    NOT NULL,
  reason      TEXT    NOT NULL,
  created_by  TEXT    NOT NULL,
  created_at  BIGINT  NOT NULL,
  expires_at  BIGINT,
  deleted_by  TEXT,
  deleted_at  BIGINT
);
CREATE INDEX waivers_by_package ON waivers (ecosystem, name);
