-- 0001 initial schema (PostgreSQL): the same tables, rules and indexes as SQLite's 0001 + 0002.
-- Ids are Discord snowflakes (bigint, guild 0 = direct messages); set and question ids are text;
-- times are double precision unix seconds. Applied in one transaction with its version row.

-- state is kept as the exact text the bot saved (jsonb would reorder it), checked to be JSON.
CREATE FUNCTION quiz_json_valid(value text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM value::json;
    RETURN true;
EXCEPTION WHEN others THEN
    RETURN false;
END
$$;

-- A quiz session and the live state needed to resume it exactly after a restart.
CREATE TABLE sessions (
    id          text             NOT NULL PRIMARY KEY CHECK (length(id) > 0),
    guild_id    bigint           NOT NULL,
    channel_id  bigint           NOT NULL,
    thread_id   bigint,
    mode        text             NOT NULL CHECK (mode IN ('practice', 'challenge', 'test')),
    set_id      text             NOT NULL CHECK (length(set_id) > 0),
    starter_id  bigint           NOT NULL,
    status      text             NOT NULL CHECK (status IN ('running', 'finished', 'stopped')),
    question_id text,
    deadline    double precision,
    message_id  bigint,
    state       text             NOT NULL DEFAULT '{}' CHECK (quiz_json_valid(state)),
    created_at  double precision NOT NULL,
    updated_at  double precision NOT NULL CHECK (updated_at >= created_at)
);

CREATE INDEX sessions_running ON sessions (status) WHERE status = 'running';

-- Every answer attempt, append-only; its id is the recorded order.
CREATE TABLE answers (
    id          bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id  text             NOT NULL REFERENCES sessions (id) ON DELETE RESTRICT,
    guild_id    bigint           NOT NULL,
    channel_id  bigint           NOT NULL,
    member_id   bigint           NOT NULL,
    set_id      text             NOT NULL CHECK (length(set_id) > 0),
    question_id text             NOT NULL CHECK (length(question_id) > 0),
    mode        text             NOT NULL CHECK (mode IN ('practice', 'challenge', 'test')),
    attempt     integer          NOT NULL CHECK (attempt >= 1),
    chosen      text             NOT NULL CHECK (chosen ~ '^[A-J]$'),
    correct     boolean          NOT NULL,
    points      integer          NOT NULL CHECK (points >= 0),
    seconds     double precision NOT NULL CHECK (seconds >= 0),
    answered_at double precision NOT NULL,
    UNIQUE (session_id, question_id, member_id, attempt)
);

CREATE INDEX answers_by_member ON answers (guild_id, member_id, set_id, question_id, correct);

-- Running totals per guild, member and set, kept by the trigger below in the answer's
-- transaction. reached_at is when the points total was reached (the last answer that earned
-- points; the first answer while there are none).
CREATE TABLE member_totals (
    guild_id   bigint           NOT NULL,
    member_id  bigint           NOT NULL,
    set_id     text             NOT NULL,
    points     integer          NOT NULL CHECK (points >= 0),
    attempts   integer          NOT NULL CHECK (attempts >= 1),
    correct    integer          NOT NULL CHECK (correct BETWEEN 0 AND attempts),
    reached_at double precision NOT NULL,
    last_at    double precision NOT NULL,
    PRIMARY KEY (guild_id, member_id, set_id)
);

CREATE INDEX member_totals_by_set ON member_totals (guild_id, set_id);

-- One row per UTC day a member answered anything in a guild (streaks).
CREATE TABLE activity_days (
    guild_id  bigint  NOT NULL,
    member_id bigint  NOT NULL,
    day       date    NOT NULL,
    answers   integer NOT NULL CHECK (answers >= 1),
    PRIMARY KEY (guild_id, member_id, day)
);

-- One trigger run per INSERT statement, over all its rows (a batch of answers): the totals
-- and days it touches are upserted in key order, so concurrent processes lock them alike.
CREATE FUNCTION answers_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO member_totals AS t (guild_id, member_id, set_id, points, attempts, correct,
                                    reached_at, last_at)
    SELECT guild_id, member_id, set_id, sum(points), count(*), count(*) FILTER (WHERE correct),
           coalesce(max(answered_at) FILTER (WHERE points > 0),
                    (array_agg(answered_at ORDER BY id))[1]),
           max(answered_at)
    FROM new_answers
    GROUP BY guild_id, member_id, set_id
    ORDER BY guild_id, member_id, set_id
    ON CONFLICT (guild_id, member_id, set_id) DO UPDATE SET
        points = t.points + excluded.points,
        attempts = t.attempts + excluded.attempts,
        correct = t.correct + excluded.correct,
        reached_at = CASE
            WHEN excluded.points > 0 AND t.points = 0 THEN excluded.reached_at
            WHEN excluded.points > 0 THEN greatest(t.reached_at, excluded.reached_at)
            ELSE t.reached_at
        END,
        last_at = greatest(t.last_at, excluded.last_at);
    INSERT INTO activity_days AS d (guild_id, member_id, day, answers)
    SELECT guild_id, member_id, (to_timestamp(answered_at) AT TIME ZONE 'UTC')::date, count(*)
    FROM new_answers
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (guild_id, member_id, day) DO UPDATE SET answers = d.answers + excluded.answers;
    RETURN NULL;
END
$$;

CREATE TRIGGER answers_count AFTER INSERT ON answers
REFERENCING NEW TABLE AS new_answers
FOR EACH STATEMENT EXECUTE FUNCTION answers_count();

-- Answers are history: never rewritten, never deleted.
CREATE FUNCTION answers_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'answers are append-only' USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER answers_no_update BEFORE UPDATE OR DELETE ON answers
FOR EACH ROW EXECUTE FUNCTION answers_append_only();

CREATE TRIGGER answers_no_truncate BEFORE TRUNCATE ON answers
FOR EACH STATEMENT EXECUTE FUNCTION answers_append_only();

-- Every finished challenge or test, per member.
CREATE TABLE results (
    session_id  text             NOT NULL REFERENCES sessions (id) ON DELETE RESTRICT,
    member_id   bigint           NOT NULL,
    guild_id    bigint           NOT NULL,
    set_id      text             NOT NULL,
    mode        text             NOT NULL CHECK (mode IN ('challenge', 'test')),
    score       integer          NOT NULL CHECK (score >= 0),
    total       integer          NOT NULL CHECK (total >= 1 AND score <= total),
    finished_at double precision NOT NULL,
    PRIMARY KEY (session_id, member_id)
);

-- Best challenge and best test score per guild, member and set, with the session that made it.
CREATE TABLE set_bests (
    guild_id    bigint           NOT NULL,
    member_id   bigint           NOT NULL,
    set_id      text             NOT NULL,
    mode        text             NOT NULL CHECK (mode IN ('challenge', 'test')),
    score       integer          NOT NULL CHECK (score >= 0),
    total       integer          NOT NULL CHECK (total >= 1 AND score <= total),
    session_id  text             NOT NULL REFERENCES sessions (id) ON DELETE RESTRICT,
    achieved_at double precision NOT NULL,
    PRIMARY KEY (guild_id, member_id, set_id, mode)
);

-- A set's badge, at most once per guild, member and set.
CREATE TABLE badges (
    guild_id   bigint           NOT NULL,
    member_id  bigint           NOT NULL,
    set_id     text             NOT NULL,
    name       text             NOT NULL CHECK (length(name) > 0),
    emoji      text             NOT NULL,
    session_id text             NOT NULL REFERENCES sessions (id) ON DELETE RESTRICT,
    awarded_at double precision NOT NULL,
    PRIMARY KEY (guild_id, member_id, set_id)
);

-- Each server's own sets. Removing one deletes this row only, never the members' history.
CREATE TABLE guild_sets (
    guild_id  bigint           NOT NULL,
    set_id    text             NOT NULL CHECK (set_id ~ '^[a-z0-9-]+$'),
    yaml_text text             NOT NULL,
    loaded_by bigint           NOT NULL,
    loaded_at double precision NOT NULL,
    version   integer          NOT NULL CHECK (version >= 1),
    PRIMARY KEY (guild_id, set_id)
);
