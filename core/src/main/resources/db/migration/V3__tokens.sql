-- Named API and download tokens. Only the SHA-256 of a token is kept: a copy of the database does not
-- let anyone authenticate. A revoked token keeps its row (revoked_at set), so its name stays taken and
-- the audit log's user column keeps naming someone the token list can explain.
CREATE TABLE tokens (
  name VARCHAR(64) PRIMARY KEY,
  role VARCHAR(16) NOT NULL,
  token_sha256 CHAR(64) NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);
