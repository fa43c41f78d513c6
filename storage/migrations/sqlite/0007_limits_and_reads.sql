-- 0006 limits checked where sets are written, and /progress reads bounded by what it shows.

-- How many questions each server set holds (NULL: stored before this column; the bot fills it
-- in at startup), so a write can check the server's question limit in its own transaction.
ALTER TABLE guild_sets ADD COLUMN questions INTEGER CHECK (questions IS NULL OR questions >= 0);
-- The check reads the counts off this index: a row's count comes after its YAML text (up to
-- 1 MiB of overflow pages to walk through).
CREATE INDEX guild_sets_sizes ON guild_sets (guild_id, set_id, questions);

-- A member's answers and right answers per UTC week (from Monday, numbered as the progress
-- chart's weeks) and set, kept by the trigger below: the chart reads its last weeks here
-- instead of the member's whole history.
CREATE TABLE weekly_totals (
    guild_id  INTEGER NOT NULL,
    member_id INTEGER NOT NULL,
    week      INTEGER NOT NULL,
    set_id    TEXT    NOT NULL,
    answers   INTEGER NOT NULL CHECK (answers >= 1),
    correct   INTEGER NOT NULL CHECK (correct BETWEEN 0 AND answers),
    PRIMARY KEY (guild_id, member_id, week, set_id)
) WITHOUT ROWID;

INSERT INTO weekly_totals (guild_id, member_id, week, set_id, answers, correct)
SELECT guild_id, member_id, CAST((answered_at - 345600) / 604800 AS INTEGER), set_id,
       count(*), sum(correct)
FROM answers GROUP BY 1, 2, 3, 4;

CREATE TRIGGER answers_weekly AFTER INSERT ON answers
BEGIN
    INSERT INTO weekly_totals (guild_id, member_id, week, set_id, answers, correct)
    VALUES (NEW.guild_id, NEW.member_id, CAST((NEW.answered_at - 345600) / 604800 AS INTEGER),
            NEW.set_id, 1, NEW.correct)
    ON CONFLICT (guild_id, member_id, week, set_id) DO UPDATE SET
        answers = answers + 1,
        correct = correct + excluded.correct;
END;

-- A member's questions attempted and solved per set: one entry per question (period 'all'),
-- not one per answer. Written only when a question is first answered or first solved.
CREATE INDEX question_bests_all ON question_bests (guild_id, member_id, set_id, correct)
WHERE period = 'all';
