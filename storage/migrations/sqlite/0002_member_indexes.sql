-- 0002 indexes for the per-member and per-set reads.
-- member_progress counts distinct questions attempted and solved per set: with this covering
-- index it reads one member's answers instead of scanning every answer of the database.
CREATE INDEX answers_by_member
    ON answers (guild_id, member_id, set_id, question_id, correct);

-- A per-set leaderboard reads one set's totals of a guild without scanning the guild's other
-- sets. No points column: it would churn on every answer; sorting one set's rows is cheap.
CREATE INDEX member_totals_by_set
    ON member_totals (guild_id, set_id);
