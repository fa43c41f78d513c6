-- 0008 periods on the server's clock: leaderboard weeks and months, streak days and the
-- progress chart's weeks start at midnight in the server's time zone (/schedule timezone).
--
-- Each answer carries utc_offset, the offset (seconds east of UTC) of its server's zone at
-- answered_at, computed by the writer (storage/periods.py); the triggers file the answer under
-- answered_at + utc_offset with the UTC arithmetic they used before. A period's key
-- (period_start, activity_days.day, weekly_totals.week) is thus its first second on the
-- server's wall clock read as UTC: for a server in UTC (the default) exactly what it was.
--
-- Existing answers were filed in UTC: right for servers in UTC, which keep every row as it is.
-- The answers of a server with another zone get their offset (quiz_utc_offset, the Python
-- function storage/sqlite/connection.py registers on the connection) and its week and month
-- bests, board totals, days and chart weeks are filed again from its answers, as the
-- triggers would have filed them in its zone.
ALTER TABLE answers ADD COLUMN utc_offset INTEGER NOT NULL DEFAULT 0
    CHECK (utc_offset BETWEEN -86400 AND 86400);

DROP TRIGGER answers_count;
DROP TRIGGER answers_bests;
DROP TRIGGER answers_weekly;

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
    VALUES (NEW.guild_id, NEW.member_id, date(NEW.answered_at + NEW.utc_offset, 'unixepoch'), 1)
    ON CONFLICT (guild_id, member_id, day) DO UPDATE SET answers = answers + 1;
END;

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
        SELECT 'week', (CAST((NEW.answered_at + NEW.utc_offset) / 86400 AS INTEGER)
                        - (CAST((NEW.answered_at + NEW.utc_offset) / 86400 AS INTEGER) + 3) % 7) * 86400
        UNION ALL
        SELECT 'month', CAST(strftime('%s', NEW.answered_at + NEW.utc_offset, 'unixepoch', 'start of month')
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
        SELECT 'week', (CAST((NEW.answered_at + NEW.utc_offset) / 86400 AS INTEGER)
                        - (CAST((NEW.answered_at + NEW.utc_offset) / 86400 AS INTEGER) + 3) % 7) * 86400
        UNION ALL
        SELECT 'month', CAST(strftime('%s', NEW.answered_at + NEW.utc_offset, 'unixepoch', 'start of month')
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

CREATE TRIGGER answers_weekly AFTER INSERT ON answers
BEGIN
    INSERT INTO weekly_totals (guild_id, member_id, week, set_id, answers, correct)
    VALUES (NEW.guild_id, NEW.member_id, CAST((NEW.answered_at + NEW.utc_offset - 345600) / 604800 AS INTEGER),
            NEW.set_id, 1, NEW.correct)
    ON CONFLICT (guild_id, member_id, week, set_id) DO UPDATE SET
        answers = answers + 1,
        correct = correct + excluded.correct;
END;

-- The servers whose answers are filed again: those with a zone other than UTC.
CREATE TEMP TABLE refiled AS
SELECT guild_id, timezone FROM guild_settings WHERE timezone <> 'UTC';

-- Answers are append-only; filling the new column of existing rows is this migration's only
-- exception.
DROP TRIGGER answers_no_update;
UPDATE answers
SET utc_offset = quiz_utc_offset(
    (SELECT r.timezone FROM refiled AS r WHERE r.guild_id = answers.guild_id), answered_at)
WHERE guild_id IN (SELECT guild_id FROM refiled);
CREATE TRIGGER answers_no_update BEFORE UPDATE ON answers
BEGIN
    SELECT RAISE(ABORT, 'answers are append-only');
END;

DELETE FROM question_bests
WHERE period <> 'all' AND guild_id IN (SELECT guild_id FROM refiled);
DELETE FROM board_totals
WHERE period <> 'all' AND guild_id IN (SELECT guild_id FROM refiled);
DELETE FROM activity_days WHERE guild_id IN (SELECT guild_id FROM refiled);
DELETE FROM weekly_totals WHERE guild_id IN (SELECT guild_id FROM refiled);

-- As 0003 filled them, on the server's clock (answers in recorded order).
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
               'week' AS period,
               (CAST((answered_at + utc_offset) / 86400 AS INTEGER)
                - (CAST((answered_at + utc_offset) / 86400 AS INTEGER) + 3) % 7) * 86400
                   AS period_start
        FROM answers WHERE guild_id IN (SELECT guild_id FROM refiled)
        UNION ALL
        SELECT id, guild_id, member_id, set_id, question_id, points, correct, answered_at,
               'month', CAST(strftime('%s', answered_at + utc_offset, 'unixepoch',
                                      'start of month') AS INTEGER)
        FROM answers WHERE guild_id IN (SELECT guild_id FROM refiled)
    )
)
GROUP BY guild_id, member_id, set_id, question_id, period, period_start;

INSERT INTO board_totals (guild_id, set_id, period, period_start, member_id, points, correct,
                          reached_at)
SELECT guild_id, set_id, period, period_start, member_id, sum(points), sum(correct),
       coalesce(max(CASE WHEN points > 0 THEN reached_at END), min(reached_at))
FROM question_bests
WHERE period <> 'all' AND guild_id IN (SELECT guild_id FROM refiled)
GROUP BY guild_id, set_id, period, period_start, member_id
UNION ALL
SELECT guild_id, '', period, period_start, member_id, sum(points), sum(correct),
       coalesce(max(CASE WHEN points > 0 THEN reached_at END), min(reached_at))
FROM question_bests
WHERE period <> 'all' AND guild_id IN (SELECT guild_id FROM refiled)
GROUP BY guild_id, period, period_start, member_id;

INSERT INTO activity_days (guild_id, member_id, day, answers)
SELECT guild_id, member_id, date(answered_at + utc_offset, 'unixepoch'), count(*)
FROM answers WHERE guild_id IN (SELECT guild_id FROM refiled)
GROUP BY 1, 2, 3;

INSERT INTO weekly_totals (guild_id, member_id, week, set_id, answers, correct)
SELECT guild_id, member_id, CAST((answered_at + utc_offset - 345600) / 604800 AS INTEGER), set_id,
       count(*), sum(correct)
FROM answers WHERE guild_id IN (SELECT guild_id FROM refiled)
GROUP BY 1, 2, 3, 4;

DROP TABLE refiled;
