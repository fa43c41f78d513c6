-- 0005 leaner writes: ended sessions keep no snapshot, and one index fewer per answer.
-- Only running sessions are ever restored from their state; end_session now empties it.
UPDATE sessions SET state = '{}' WHERE status <> 'running' AND state <> '{}';

-- A member's cards are read through the primary key (guild, member, set, question) and sorted
-- by due there (a member has at most one card per question); this index only cost a page
-- write per answer.
DROP INDEX cards_by_due;
