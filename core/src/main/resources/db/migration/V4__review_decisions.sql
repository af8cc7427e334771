-- Every decision a reviewer made on a quarantine entry (approve, reject, revoke), kept for good: who, what, why,
-- when, and the bytes and findings it was about. Written in the transaction of the decision itself.
CREATE TABLE review_decisions (
  id                   TEXT    NOT NULL PRIMARY KEY,
  quarantine_id        TEXT    NOT NULL REFERENCES quarantine (id),
  action               TEXT    NOT NULL,
  reviewer             TEXT    NOT NULL,
  reason               TEXT    NOT NULL,
  decided_at           BIGINT  NOT NULL,
  expires_at           BIGINT,
  sha256               TEXT    NOT NULL,
  findings_fingerprint TEXT    NOT NULL
);
CREATE INDEX review_decisions_by_entry ON review_decisions (quarantine_id, decided_at);
CREATE INDEX review_decisions_by_time ON review_decisions (decided_at, id);

-- An approval may end: after expires_at the artifact is held again.
ALTER TABLE approvals ADD COLUMN expires_at BIGINT;

-- Who downloaded a version, and what one host downloaded, are answered from these.
CREATE INDEX audit_events_by_version ON audit_events (ecosystem, name, version, occurred_at);
CREATE INDEX audit_events_by_client ON audit_events (client_address, occurred_at);
CREATE INDEX audit_events_by_user ON audit_events (username, occurred_at);

-- When an approval or waiver a verdict rests on ends; the verdict is derived again from then on.
ALTER TABLE verdicts ADD COLUMN valid_until BIGINT;
