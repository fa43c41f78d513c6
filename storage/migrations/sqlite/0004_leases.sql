-- 0004 session leases: which process runs a running session, and until when its claim holds.
-- A process renews its leases while it runs; once lease_until has passed, another process
-- running the same shards may claim the session. Leases are not copied by `db copy`.
CREATE TABLE session_leases (
    session_id  TEXT NOT NULL PRIMARY KEY CHECK (length(session_id) > 0),
    owner       TEXT NOT NULL CHECK (length(owner) > 0),
    lease_until REAL NOT NULL
);

CREATE INDEX session_leases_owner ON session_leases (owner);
