-- When the registry says an artifact was published (PyPI's PEP 700 upload-time, npm's packument time), as
-- the gate saw it on the first fetch: a verdict derived again (an approval, a policy change) reads the
-- cooldown from it instead of fetching the index again. Null when the registry gave none.
ALTER TABLE artifacts ADD COLUMN published_at BIGINT;
