-- 0005 (SQLite's 0006) limits checked where sets are written, /progress reads bounded.

-- How many questions each server set holds (NULL: stored before this column; the bot fills it
-- in at startup), so a write can check the server's question limit in its own transaction.
ALTER TABLE guild_sets ADD COLUMN questions integer CHECK (questions IS NULL OR questions >= 0);

-- A member's answers and right answers per UTC week (from Monday, numbered as the progress
-- chart's weeks) and set, kept by the trigger below: the chart reads its last weeks here.
CREATE TABLE weekly_totals (
    guild_id  bigint  NOT NULL,
    member_id bigint  NOT NULL,
    week      bigint  NOT NULL,
    set_id    text    NOT NULL,
    answers   integer NOT NULL CHECK (answers >= 1),
    correct   integer NOT NULL CHECK (correct BETWEEN 0 AND answers),
    PRIMARY KEY (guild_id, member_id, week, set_id)
);

INSERT INTO weekly_totals (guild_id, member_id, week, set_id, answers, correct)
SELECT guild_id, member_id, floor((answered_at - 345600) / 604800)::bigint, set_id,
       count(*), count(*) FILTER (WHERE correct)
FROM answers GROUP BY 1, 2, 3, 4;

-- One run per INSERT statement, its rows upserted in key order (processes lock them alike).
CREATE FUNCTION answers_weekly() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO weekly_totals AS w (guild_id, member_id, week, set_id, answers, correct)
    SELECT guild_id, member_id, floor((answered_at - 345600) / 604800)::bigint, set_id,
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

CREATE TRIGGER answers_weekly AFTER INSERT ON answers
REFERENCING NEW TABLE AS new_answers
FOR EACH STATEMENT EXECUTE FUNCTION answers_weekly();

-- A member's questions attempted and solved per set: one entry per question (period 'all').
CREATE INDEX question_bests_all ON question_bests (guild_id, member_id, set_id, correct)
WHERE period = 'all';
