-- 0003 scheduled challenges, review cards, fair period leaderboards, first tries, set versions.
-- Periods: 'all' (period_start 0), 'week' (ISO week from Monday 00:00 UTC) and 'month' (the 1st,
-- 00:00 UTC); period_start is the period's first second as unix seconds (storage/periods.py
-- computes the same in Python, the PostgreSQL migration in SQL).

-- A challenge started on a schedule; ids only grow (AUTOINCREMENT), so a removed schedule's id
-- never comes back for another one.
CREATE TABLE schedules (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    set_id      TEXT    NOT NULL CHECK (length(set_id) > 0),
    hour        INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    minute      INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 59),
    weekday     INTEGER CHECK (weekday BETWEEN 0 AND 6),
    repeat      TEXT    NOT NULL CHECK (repeat IN ('once', 'daily', 'weekly')),
    role_id     INTEGER,
    created_by  INTEGER NOT NULL,
    next_run_at REAL    NOT NULL,
    created_at  REAL    NOT NULL,
    CHECK (repeat <> 'weekly' OR weekday IS NOT NULL)
);

CREATE INDEX schedules_by_guild ON schedules (guild_id, id);
CREATE INDEX schedules_by_next_run ON schedules (next_run_at, id);

-- Per-server settings; a server without a row uses the defaults (time zone UTC).
CREATE TABLE guild_settings (
    guild_id INTEGER NOT NULL PRIMARY KEY,
    timezone TEXT    NOT NULL CHECK (length(timezone) > 0)
);

-- A member's review card per question (the scheduler's state as JSON text), written in the
-- transaction of the answer that moved it.
CREATE TABLE cards (
    guild_id    INTEGER NOT NULL,
    member_id   INTEGER NOT NULL,
    set_id      TEXT    NOT NULL CHECK (length(set_id) > 0),
    question_id TEXT    NOT NULL CHECK (length(question_id) > 0),
    due         REAL    NOT NULL,
    state       TEXT    NOT NULL CHECK (json_valid(state)),
    last_review REAL,
    PRIMARY KEY (guild_id, member_id, set_id, question_id)
) WITHOUT ROWID;

CREATE INDEX cards_by_due ON cards (guild_id, member_id, due);

-- A member's best points (and whether ever right) per question and period. reached_at: when
-- the best was reached (the latest answer that raised it; the first answer while it is 0).
CREATE TABLE question_bests (
    guild_id     INTEGER NOT NULL,
    member_id    INTEGER NOT NULL,
    set_id       TEXT    NOT NULL,
    question_id  TEXT    NOT NULL,
    period       TEXT    NOT NULL CHECK (period IN ('all', 'week', 'month')),
    period_start INTEGER NOT NULL,
    points       INTEGER NOT NULL CHECK (points >= 0),
    correct      INTEGER NOT NULL CHECK (correct IN (0, 1)),
    reached_at   REAL    NOT NULL,
    PRIMARY KEY (guild_id, member_id, set_id, question_id, period, period_start)
) WITHOUT ROWID;

-- The sums of question_bests per member and period, per set and over all sets (set_id ''):
-- what a leaderboard shows, kept by the trigger so a board reads its top rows off an index.
CREATE TABLE board_totals (
    guild_id     INTEGER NOT NULL,
    set_id       TEXT    NOT NULL,
    period       TEXT    NOT NULL CHECK (period IN ('all', 'week', 'month')),
    period_start INTEGER NOT NULL,
    member_id    INTEGER NOT NULL,
    points       INTEGER NOT NULL CHECK (points >= 0),
    correct      INTEGER NOT NULL CHECK (correct >= 0),
    reached_at   REAL    NOT NULL,
    PRIMARY KEY (guild_id, set_id, period, period_start, member_id)
) WITHOUT ROWID;

CREATE INDEX board_totals_ranked ON board_totals (
    guild_id, set_id, period, period_start, points DESC, correct DESC, reached_at, member_id
);

-- Each member's first attempt-1 answer per question (question statistics).
CREATE TABLE first_tries (
    guild_id    INTEGER NOT NULL,
    set_id      TEXT    NOT NULL,
    member_id   INTEGER NOT NULL,
    question_id TEXT    NOT NULL,
    chosen      TEXT    NOT NULL,
    correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
    answered_at REAL    NOT NULL,
    PRIMARY KEY (guild_id, set_id, member_id, question_id)
) WITHOUT ROWID;

-- Every version of a server's own set, so a session ends on the version it started with.
-- Removing the set (remove_guild_set) deletes its versions too.
CREATE TABLE guild_set_versions (
    guild_id  INTEGER NOT NULL,
    set_id    TEXT    NOT NULL,
    version   INTEGER NOT NULL CHECK (version >= 1),
    yaml_text TEXT    NOT NULL,
    loaded_by INTEGER NOT NULL,
    loaded_at REAL    NOT NULL,
    PRIMARY KEY (guild_id, set_id, version)
);

-- Per answer: the first try, then the totals (from the bests before this answer), then the
-- bests. A row trigger sees one answer, so "raised" means above the stored best.
CREATE TRIGGER answers_bests AFTER INSERT ON answers
BEGIN
    INSERT OR IGNORE INTO first_tries (guild_id, set_id, member_id, question_id, chosen,
                                       correct, answered_at)
    SELECT NEW.guild_id, NEW.set_id, NEW.member_id, NEW.question_id, NEW.chosen, NEW.correct,
           NEW.answered_at
    WHERE NEW.attempt = 1;

    INSERT INTO board_totals (guild_id, set_id, period, period_start, member_id, points, correct,
                              reached_at)
    SELECT NEW.guild_id, s.scope, p.period, p.period_start, NEW.member_id,
           max(NEW.points - coalesce(b.points, 0), 0),
           max(NEW.correct - coalesce(b.correct, 0), 0),
           NEW.answered_at
    FROM (
        SELECT 'all' AS period, 0 AS period_start
        UNION ALL
        SELECT 'week', (CAST(NEW.answered_at / 86400 AS INTEGER)
                        - (CAST(NEW.answered_at / 86400 AS INTEGER) + 3) % 7) * 86400
        UNION ALL
        SELECT 'month', CAST(strftime('%s', NEW.answered_at, 'unixepoch', 'start of month')
                             AS INTEGER)
    ) AS p
    CROSS JOIN (SELECT NEW.set_id AS scope UNION ALL SELECT '') AS s
    LEFT JOIN question_bests AS b
        ON b.guild_id = NEW.guild_id AND b.member_id = NEW.member_id AND b.set_id = NEW.set_id
       AND b.question_id = NEW.question_id AND b.period = p.period
       AND b.period_start = p.period_start
    WHERE true
    ON CONFLICT (guild_id, set_id, period, period_start, member_id) DO UPDATE SET
        points = points + excluded.points,
        correct = correct + excluded.correct,
        reached_at = CASE
            WHEN excluded.points > 0 AND points = 0 THEN excluded.reached_at
            WHEN excluded.points > 0 THEN max(reached_at, excluded.reached_at)
            ELSE reached_at
        END
    WHERE excluded.points > 0 OR excluded.correct > 0;

    INSERT INTO question_bests (guild_id, member_id, set_id, question_id, period, period_start,
                                points, correct, reached_at)
    SELECT NEW.guild_id, NEW.member_id, NEW.set_id, NEW.question_id, p.period, p.period_start,
           NEW.points, NEW.correct, NEW.answered_at
    FROM (
        SELECT 'all' AS period, 0 AS period_start
        UNION ALL
        SELECT 'week', (CAST(NEW.answered_at / 86400 AS INTEGER)
                        - (CAST(NEW.answered_at / 86400 AS INTEGER) + 3) % 7) * 86400
        UNION ALL
        SELECT 'month', CAST(strftime('%s', NEW.answered_at, 'unixepoch', 'start of month')
                             AS INTEGER)
    ) AS p
    WHERE true
    ON CONFLICT (guild_id, member_id, set_id, question_id, period, period_start) DO UPDATE SET
        reached_at = CASE
            WHEN excluded.points > points AND points = 0 THEN excluded.reached_at
            WHEN excluded.points > points THEN max(reached_at, excluded.reached_at)
            ELSE reached_at
        END,
        points = max(points, excluded.points),
        correct = max(correct, excluded.correct)
    WHERE excluded.points > points OR excluded.correct > correct;
END;

-- Existing history: first tries, bests and board totals as the trigger would have made them
-- (answers in recorded order), and each server set's current version.
INSERT INTO first_tries (guild_id, set_id, member_id, question_id, chosen, correct, answered_at)
SELECT guild_id, set_id, member_id, question_id, chosen, correct, answered_at
FROM answers AS a
WHERE attempt = 1 AND id = (
    SELECT min(id) FROM answers AS f
    WHERE f.guild_id = a.guild_id AND f.set_id = a.set_id AND f.member_id = a.member_id
      AND f.question_id = a.question_id AND f.attempt = 1
);

INSERT INTO question_bests (guild_id, member_id, set_id, question_id, period, period_start,
                            points, correct, reached_at)
SELECT guild_id, member_id, set_id, question_id, period, period_start,
       max(points), max(correct),
       coalesce(max(CASE WHEN points > coalesce(earlier, 0) THEN answered_at END),
                min(first_at))
FROM (
    SELECT *,
           max(points) OVER (PARTITION BY guild_id, member_id, set_id, question_id, period,
                                          period_start
                             ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
               AS earlier,
           first_value(answered_at) OVER (PARTITION BY guild_id, member_id, set_id, question_id,
                                                       period, period_start ORDER BY id)
               AS first_at
    FROM (
        SELECT id, guild_id, member_id, set_id, question_id, points, correct, answered_at,
               'all' AS period, 0 AS period_start
        FROM answers
        UNION ALL
        SELECT id, guild_id, member_id, set_id, question_id, points, correct, answered_at,
               'week', (CAST(answered_at / 86400 AS INTEGER)
                        - (CAST(answered_at / 86400 AS INTEGER) + 3) % 7) * 86400
        FROM answers
        UNION ALL
        SELECT id, guild_id, member_id, set_id, question_id, points, correct, answered_at,
               'month', CAST(strftime('%s', answered_at, 'unixepoch', 'start of month')
                             AS INTEGER)
        FROM answers
    )
)
GROUP BY guild_id, member_id, set_id, question_id, period, period_start;

INSERT INTO board_totals (guild_id, set_id, period, period_start, member_id, points, correct,
                          reached_at)
SELECT guild_id, set_id, period, period_start, member_id, sum(points), sum(correct),
       coalesce(max(CASE WHEN points > 0 THEN reached_at END), min(reached_at))
FROM question_bests
GROUP BY guild_id, set_id, period, period_start, member_id
UNION ALL
SELECT guild_id, '', period, period_start, member_id, sum(points), sum(correct),
       coalesce(max(CASE WHEN points > 0 THEN reached_at END), min(reached_at))
FROM question_bests
GROUP BY guild_id, period, period_start, member_id;

INSERT INTO guild_set_versions (guild_id, set_id, version, yaml_text, loaded_by, loaded_at)
SELECT guild_id, set_id, version, yaml_text, loaded_by, loaded_at FROM guild_sets;
