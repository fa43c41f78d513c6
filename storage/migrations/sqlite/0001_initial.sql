-- 0001 initial schema.
-- Ids are Discord snowflakes (INTEGER, guild 0 = direct messages); set and question ids are TEXT;
-- times are REAL unix seconds. Applied in one transaction together with PRAGMA user_version = 1.

-- A quiz session and the live state needed to resume it exactly after a restart.
CREATE TABLE sessions (
    id          TEXT    NOT NULL PRIMARY KEY CHECK (length(id) > 0),
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    thread_id   INTEGER,
    mode        TEXT    NOT NULL CHECK (mode IN ('practice', 'challenge', 'test')),
    set_id      TEXT    NOT NULL CHECK (length(set_id) > 0),
    starter_id  INTEGER NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('running', 'finished', 'stopped')),
    question_id TEXT,
    deadline    REAL,
    message_id  INTEGER,
    state       TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(state)),
    created_at  REAL    NOT NULL,
    updated_at  REAL    NOT NULL CHECK (updated_at >= created_at)
);

CREATE INDEX sessions_running ON sessions (status) WHERE status = 'running';

-- Every answer attempt, append-only; its rowid is the recorded order.
CREATE TABLE answers (
    id          INTEGER PRIMARY KEY,
    session_id  TEXT    NOT NULL REFERENCES sessions (id) ON DELETE RESTRICT,
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    member_id   INTEGER NOT NULL,
    set_id      TEXT    NOT NULL CHECK (length(set_id) > 0),
    question_id TEXT    NOT NULL CHECK (length(question_id) > 0),
    mode        TEXT    NOT NULL CHECK (mode IN ('practice', 'challenge', 'test')),
    attempt     INTEGER NOT NULL CHECK (attempt >= 1),
    chosen      TEXT    NOT NULL CHECK (chosen GLOB '[A-J]'),
    correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
    points      INTEGER NOT NULL CHECK (points >= 0),
    seconds     REAL    NOT NULL CHECK (seconds >= 0),
    answered_at REAL    NOT NULL,
    UNIQUE (session_id, question_id, member_id, attempt)
);

-- Running totals per guild, member and set, kept by the trigger below in the answer's
-- transaction, so leaderboards never scan answers. reached_at is when the points total
-- was reached (the last answer that earned points; the first answer while there are none).
CREATE TABLE member_totals (
    guild_id   INTEGER NOT NULL,
    member_id  INTEGER NOT NULL,
    set_id     TEXT    NOT NULL,
    points     INTEGER NOT NULL CHECK (points >= 0),
    attempts   INTEGER NOT NULL CHECK (attempts >= 1),
    correct    INTEGER NOT NULL CHECK (correct BETWEEN 0 AND attempts),
    reached_at REAL    NOT NULL,
    last_at    REAL    NOT NULL,
    PRIMARY KEY (guild_id, member_id, set_id)
) WITHOUT ROWID;

-- One row per UTC day a member answered anything in a guild (streaks).
CREATE TABLE activity_days (
    guild_id  INTEGER NOT NULL,
    member_id INTEGER NOT NULL,
    day       TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    answers   INTEGER NOT NULL CHECK (answers >= 1),
    PRIMARY KEY (guild_id, member_id, day)
) WITHOUT ROWID;

CREATE TRIGGER answers_count AFTER INSERT ON answers
BEGIN
    INSERT INTO member_totals (guild_id, member_id, set_id, points, attempts, correct,
                               reached_at, last_at)
    VALUES (NEW.guild_id, NEW.member_id, NEW.set_id, NEW.points, 1, NEW.correct,
            NEW.answered_at, NEW.answered_at)
    ON CONFLICT (guild_id, member_id, set_id) DO UPDATE SET
        points = points + excluded.points,
        attempts = attempts + 1,
        correct = correct + excluded.correct,
        reached_at = CASE
            WHEN excluded.points > 0 AND points = 0 THEN excluded.reached_at
            WHEN excluded.points > 0 THEN max(reached_at, excluded.reached_at)
            ELSE reached_at
        END,
        last_at = max(last_at, excluded.last_at);
    INSERT INTO activity_days (guild_id, member_id, day, answers)
    VALUES (NEW.guild_id, NEW.member_id, date(NEW.answered_at, 'unixepoch'), 1)
    ON CONFLICT (guild_id, member_id, day) DO UPDATE SET answers = answers + 1;
END;

-- Answers are history: never rewritten, never deleted.
CREATE TRIGGER answers_no_update BEFORE UPDATE ON answers
BEGIN
    SELECT RAISE(ABORT, 'answers are append-only');
END;

CREATE TRIGGER answers_no_delete BEFORE DELETE ON answers
BEGIN
    SELECT RAISE(ABORT, 'answers are append-only');
END;

-- Every finished challenge or test, per member.
CREATE TABLE results (
    session_id  TEXT    NOT NULL REFERENCES sessions (id) ON DELETE RESTRICT,
    member_id   INTEGER NOT NULL,
    guild_id    INTEGER NOT NULL,
    set_id      TEXT    NOT NULL,
    mode        TEXT    NOT NULL CHECK (mode IN ('challenge', 'test')),
    score       INTEGER NOT NULL CHECK (score >= 0),
    total       INTEGER NOT NULL CHECK (total >= 1 AND score <= total),
    finished_at REAL    NOT NULL,
    PRIMARY KEY (session_id, member_id)
);

-- Best challenge and best test score per guild, member and set, with the session that made it.
CREATE TABLE set_bests (
    guild_id    INTEGER NOT NULL,
    member_id   INTEGER NOT NULL,
    set_id      TEXT    NOT NULL,
    mode        TEXT    NOT NULL CHECK (mode IN ('challenge', 'test')),
    score       INTEGER NOT NULL CHECK (score >= 0),
    total       INTEGER NOT NULL CHECK (total >= 1 AND score <= total),
    session_id  TEXT    NOT NULL REFERENCES sessions (id) ON DELETE RESTRICT,
    achieved_at REAL    NOT NULL,
    PRIMARY KEY (guild_id, member_id, set_id, mode)
) WITHOUT ROWID;

-- A set's badge, at most once per guild, member and set.
CREATE TABLE badges (
    guild_id   INTEGER NOT NULL,
    member_id  INTEGER NOT NULL,
    set_id     TEXT    NOT NULL,
    name       TEXT    NOT NULL CHECK (length(name) > 0),
    emoji      TEXT    NOT NULL,
    session_id TEXT    NOT NULL REFERENCES sessions (id) ON DELETE RESTRICT,
    awarded_at REAL    NOT NULL,
    PRIMARY KEY (guild_id, member_id, set_id)
);

-- Each server's own sets. Removing one deletes this row only, never the members' history.
CREATE TABLE guild_sets (
    guild_id  INTEGER NOT NULL,
    set_id    TEXT    NOT NULL CHECK (length(set_id) > 0 AND set_id NOT GLOB '*[^a-z0-9-]*'),
    yaml_text TEXT    NOT NULL,
    loaded_by INTEGER NOT NULL,
    loaded_at REAL    NOT NULL,
    version   INTEGER NOT NULL CHECK (version >= 1),
    PRIMARY KEY (guild_id, set_id)
);
