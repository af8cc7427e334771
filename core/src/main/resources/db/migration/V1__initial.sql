-- Gatehouse schema, version 1. Portable SQL: it must run unchanged on SQLite and PostgreSQL, so only
-- TEXT, BIGINT and INTEGER columns, times as epoch milliseconds, and ids chosen by the application.

-- What Gatehouse knows of each artifact file it fetched from upstream.
CREATE TABLE artifacts (
  ecosystem        TEXT    NOT NULL,
  name             TEXT    NOT NULL,
  version          TEXT    NOT NULL,
  file             TEXT    NOT NULL,
  sha256           TEXT    NOT NULL,
  size             BIGINT  NOT NULL,
  upstream_url     TEXT    NOT NULL,
  first_fetched_at BIGINT  NOT NULL,
  PRIMARY KEY (ecosystem, name, version, file)
);
CREATE INDEX artifacts_by_sha256 ON artifacts (sha256);

-- Analyses depend only on the bytes and the analyzer version; findings are AnalysisJson.
CREATE TABLE analyses (
  sha256           TEXT    NOT NULL,
  analyzer_version INTEGER NOT NULL,
  kind             TEXT    NOT NULL,
  findings         TEXT    NOT NULL,
  analyzed_at      BIGINT  NOT NULL,
  PRIMARY KEY (sha256, analyzer_version)
);

-- The policy's verdict on one artifact file with given bytes; reasons are a JSON array of strings.
CREATE TABLE verdicts (
  ecosystem        TEXT    NOT NULL,
  name             TEXT    NOT NULL,
  version          TEXT    NOT NULL,
  file             TEXT    NOT NULL,
  sha256           TEXT    NOT NULL,
  decision         TEXT    NOT NULL,
  rule             TEXT    NOT NULL,
  reasons          TEXT    NOT NULL,
  policy_version   TEXT    NOT NULL,
  analyzer_version INTEGER NOT NULL,
  decided_at       BIGINT  NOT NULL,
  PRIMARY KEY (ecosystem, name, version, file, sha256)
);
CREATE INDEX verdicts_by_package ON verdicts (ecosystem, name, decision);
CREATE INDEX verdicts_by_derivation ON verdicts (policy_version, analyzer_version);

-- Artifacts held for review; one entry per artifact file, bytes and reviewed findings.
CREATE TABLE quarantine (
  id                   TEXT    NOT NULL PRIMARY KEY,
  ecosystem            TEXT    NOT NULL,
  name                 TEXT    NOT NULL,
  version              TEXT    NOT NULL,
  file                 TEXT    NOT NULL,
  sha256               TEXT    NOT NULL,
  findings_fingerprint TEXT    NOT NULL,
  rule                 TEXT    NOT NULL,
  reasons              TEXT    NOT NULL,
  findings_summary     TEXT    NOT NULL,
  status               TEXT    NOT NULL,
  created_at           BIGINT  NOT NULL,
  decided_by           TEXT,
  decided_at           BIGINT,
  decision_reason      TEXT,
  UNIQUE (ecosystem, name, version, file, sha256, findings_fingerprint)
);
CREATE INDEX quarantine_by_status ON quarantine (status, created_at);

-- A reviewer's approval, bound to the bytes and the findings that were reviewed.
CREATE TABLE approvals (
  quarantine_id        TEXT    NOT NULL PRIMARY KEY REFERENCES quarantine (id),
  sha256               TEXT    NOT NULL,
  findings_fingerprint TEXT    NOT NULL,
  reviewer             TEXT    NOT NULL,
  reason               TEXT    NOT NULL,
  approved_at          BIGINT  NOT NULL
);
CREATE INDEX approvals_by_sha256 ON approvals (sha256);

-- One row per artifact or metadata request. "user" is reserved in PostgreSQL, hence username.
CREATE TABLE audit_events (
  id             TEXT    NOT NULL PRIMARY KEY,
  occurred_at    BIGINT  NOT NULL,
  client_address TEXT    NOT NULL,
  username       TEXT,
  ecosystem      TEXT    NOT NULL,
  name           TEXT,
  version        TEXT,
  file           TEXT,
  sha256         TEXT,
  decision       TEXT,
  rule           TEXT,
  status         INTEGER NOT NULL,
  bytes_sent     BIGINT  NOT NULL,
  request_id     TEXT    NOT NULL
);
CREATE INDEX audit_events_by_time ON audit_events (occurred_at, id);
CREATE INDEX audit_events_by_package ON audit_events (ecosystem, name, occurred_at);
