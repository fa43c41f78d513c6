-- 0003 session leases: the same table as SQLite's 0004.
CREATE TABLE session_leases (
    session_id  text             NOT NULL PRIMARY KEY CHECK (length(session_id) > 0),
    owner       text             NOT NULL CHECK (length(owner) > 0),
    lease_until double precision NOT NULL
);

CREATE INDEX session_leases_owner ON session_leases (owner);
