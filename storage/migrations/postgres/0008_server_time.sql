-- 0007 periods on the server's clock, as SQLite's 0008: leaderboard weeks and months, streak
-- days and the progress chart's weeks start at midnight in the server's time zone.
--
-- Each answer carries utc_offset, the offset (seconds east of UTC) of its server's zone at
-- answered_at, computed by the writer (storage/periods.py); the trigger functions file the
-- answer under answered_at + utc_offset with the UTC arithmetic they used before, so a
-- period's key is its first second on the server's wall clock read as UTC (for a server in
-- UTC, the default, exactly what it was). Existing answers were filed in UTC: servers in UTC
-- keep every row; the answers of a server with another zone (one PostgreSQL knows) get their
-- offset, and its week and month bests, board totals, days and chart weeks are filed again.
ALTER TABLE answers ADD COLUMN utc_offset integer NOT NULL DEFAULT 0
    CHECK (utc_offset BETWEEN -86400 AND 86400);

CREATE OR REPLACE FUNCTION answers_count() RETURNS trigger
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
    SELECT guild_id, member_id, (to_timestamp(answered_at + utc_offset) AT TIME ZONE 'UTC')::date, count(*)
    FROM new_answers
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (guild_id, member_id, day) DO UPDATE SET answers = d.answers + excluded.answers;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION answers_bests() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(g.guild_id)
    FROM (SELECT DISTINCT guild_id FROM new_answers ORDER BY guild_id) AS g;

    INSERT INTO first_tries (guild_id, set_id, member_id, question_id, chosen, correct,
                             answered_at)
    SELECT DISTINCT ON (guild_id, set_id, member_id, question_id)
           guild_id, set_id, member_id, question_id, chosen, correct, answered_at
    FROM new_answers
    WHERE attempt = 1
    ORDER BY guild_id, set_id, member_id, question_id, id
    ON CONFLICT DO NOTHING;

    WITH per_period AS (
        SELECT a.id, a.guild_id, a.member_id, a.set_id, a.question_id, a.points,
               a.correct::integer AS correct, a.answered_at, p.period, p.period_start
        FROM new_answers AS a
        CROSS JOIN LATERAL (VALUES ('all', 0::bigint),
                                   ('week', quiz_week_start(a.answered_at + a.utc_offset)),
                                   ('month', quiz_month_start(a.answered_at + a.utc_offset)))
            AS p (period, period_start)
    ), with_old AS (
        SELECT n.*, coalesce(b.points, 0) AS old_points, coalesce(b.correct, 0) AS old_correct,
               b.reached_at AS old_reached,
               coalesce(max(n.points) OVER earlier, 0) AS earlier_points
        FROM per_period AS n
        -- LIMIT 1 keeps this a primary-key probe per row: a hash join would scan every best
        LEFT JOIN LATERAL (
            SELECT q.points, q.correct, q.reached_at FROM question_bests AS q
            WHERE q.guild_id = n.guild_id AND q.member_id = n.member_id AND q.set_id = n.set_id
              AND q.question_id = n.question_id AND q.period = n.period
              AND q.period_start = n.period_start
            LIMIT 1
        ) AS b ON true
        WINDOW earlier AS (
            PARTITION BY n.guild_id, n.member_id, n.set_id, n.question_id, n.period,
                         n.period_start
            ORDER BY n.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        )
    ), per_question AS (
        SELECT guild_id, member_id, set_id, question_id, period, period_start,
               greatest(max(points), min(old_points)) AS best,
               greatest(max(correct), min(old_correct)) AS solved,
               greatest(max(points) - min(old_points), 0) AS gained,
               greatest(max(correct) - min(old_correct), 0) AS newly_solved,
               max(answered_at) FILTER (WHERE points > greatest(old_points, earlier_points))
                   AS raised_at,
               min(old_reached) AS old_reached,
               (array_agg(answered_at ORDER BY id))[1] AS first_at,
               min(id) AS first_id
        FROM with_old
        GROUP BY guild_id, member_id, set_id, question_id, period, period_start
    ), new_bests AS (
        INSERT INTO question_bests AS b (guild_id, member_id, set_id, question_id, period,
                                         period_start, points, correct, reached_at)
        SELECT guild_id, member_id, set_id, question_id, period, period_start, best, solved,
               CASE
                   WHEN raised_at IS NULL THEN coalesce(old_reached, first_at)
                   WHEN old_reached IS NULL OR best - gained = 0 THEN raised_at
                   ELSE greatest(old_reached, raised_at)
               END
        FROM per_question
        WHERE old_reached IS NULL OR gained > 0 OR newly_solved > 0
        ORDER BY guild_id, member_id, set_id, question_id, period, period_start
        ON CONFLICT (guild_id, member_id, set_id, question_id, period, period_start)
        DO UPDATE SET points = excluded.points, correct = excluded.correct,
                      reached_at = excluded.reached_at
    )
    INSERT INTO board_totals AS t (guild_id, set_id, period, period_start, member_id, points,
                                   correct, reached_at)
    SELECT guild_id, s.scope, period, period_start, member_id, sum(gained), sum(newly_solved),
           coalesce(max(raised_at), (array_agg(first_at ORDER BY first_id))[1])
    FROM per_question
    CROSS JOIN LATERAL (VALUES (set_id), ('')) AS s (scope)
    GROUP BY guild_id, s.scope, period, period_start, member_id
    ORDER BY guild_id, s.scope, period, period_start, member_id
    ON CONFLICT (guild_id, set_id, period, period_start, member_id) DO UPDATE SET
        points = t.points + excluded.points,
        correct = t.correct + excluded.correct,
        reached_at = CASE
            WHEN excluded.points > 0 AND t.points = 0 THEN excluded.reached_at
            WHEN excluded.points > 0 THEN greatest(t.reached_at, excluded.reached_at)
            ELSE t.reached_at
        END
    WHERE excluded.points > 0 OR excluded.correct > 0;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION answers_weekly() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO weekly_totals AS w (guild_id, member_id, week, set_id, answers, correct)
    SELECT guild_id, member_id, floor((answered_at + utc_offset - 345600) / 604800)::bigint, set_id,
           count(*), count(*) FILTER (WHERE correct)
    FROM new_answers
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (guild_id, member_id, week, set_id) DO UPDATE SET
        answers = w.answers + excluded.answers,
        correct = w.correct + excluded.correct;
    RETURN NULL;
END
$$;

CREATE TEMP TABLE refiled ON COMMIT DROP AS
SELECT guild_id, timezone FROM guild_settings
WHERE timezone <> 'UTC' AND timezone IN (SELECT name FROM pg_timezone_names);

-- Answers are append-only; filling the new column of existing rows is this migration's only
-- exception.
ALTER TABLE answers DISABLE TRIGGER answers_no_update;
UPDATE answers AS a
SET utc_offset = extract(epoch FROM (to_timestamp(a.answered_at) AT TIME ZONE r.timezone)
                                    - (to_timestamp(a.answered_at) AT TIME ZONE 'UTC'))::integer
FROM refiled AS r WHERE r.guild_id = a.guild_id;
ALTER TABLE answers ENABLE TRIGGER answers_no_update;

DELETE FROM question_bests
WHERE period <> 'all' AND guild_id IN (SELECT guild_id FROM refiled);
DELETE FROM board_totals
WHERE period <> 'all' AND guild_id IN (SELECT guild_id FROM refiled);
DELETE FROM activity_days WHERE guild_id IN (SELECT guild_id FROM refiled);
DELETE FROM weekly_totals WHERE guild_id IN (SELECT guild_id FROM refiled);

-- As 0002 filled them, on the server's clock (answers in recorded order).
INSERT INTO question_bests (guild_id, member_id, set_id, question_id, period, period_start,
                            points, correct, reached_at)
SELECT guild_id, member_id, set_id, question_id, period, period_start,
       max(points), max(correct),
       coalesce(max(answered_at) FILTER (WHERE points > earlier_points),
                (array_agg(answered_at ORDER BY id))[1])
FROM (
    SELECT a.id, a.guild_id, a.member_id, a.set_id, a.question_id, a.points,
           a.correct::integer AS correct, a.answered_at, p.period, p.period_start,
           coalesce(max(a.points) OVER (
               PARTITION BY a.guild_id, a.member_id, a.set_id, a.question_id, p.period,
                            p.period_start
               ORDER BY a.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
               AS earlier_points
    FROM answers AS a
    CROSS JOIN LATERAL (VALUES ('week', quiz_week_start(a.answered_at + a.utc_offset)),
                               ('month', quiz_month_start(a.answered_at + a.utc_offset)))
        AS p (period, period_start)
    WHERE a.guild_id IN (SELECT guild_id FROM refiled)
) AS history
GROUP BY guild_id, member_id, set_id, question_id, period, period_start;

INSERT INTO board_totals (guild_id, set_id, period, period_start, member_id, points, correct,
                          reached_at)
SELECT guild_id, s.scope, period, period_start, member_id, sum(points), sum(correct),
       coalesce(max(reached_at) FILTER (WHERE points > 0), min(reached_at))
FROM question_bests
CROSS JOIN LATERAL (VALUES (set_id), ('')) AS s (scope)
WHERE period <> 'all' AND guild_id IN (SELECT guild_id FROM refiled)
GROUP BY guild_id, s.scope, period, period_start, member_id;

INSERT INTO activity_days (guild_id, member_id, day, answers)
SELECT guild_id, member_id, (to_timestamp(answered_at + utc_offset) AT TIME ZONE 'UTC')::date,
       count(*)
FROM answers WHERE guild_id IN (SELECT guild_id FROM refiled)
GROUP BY 1, 2, 3;

INSERT INTO weekly_totals (guild_id, member_id, week, set_id, answers, correct)
SELECT guild_id, member_id, floor((answered_at + utc_offset - 345600) / 604800)::bigint, set_id,
       count(*), count(*) FILTER (WHERE correct)
FROM answers WHERE guild_id IN (SELECT guild_id FROM refiled)
GROUP BY 1, 2, 3, 4;
