-- 0004 leaner writes (SQLite's 0005): ended sessions keep no snapshot, one index fewer.
-- Only running sessions are ever restored from their state; end_session now empties it.
UPDATE sessions SET state = '{}' WHERE status <> 'running' AND state <> '{}';

-- A member's cards are read through the primary key (guild, member, set, question) and sorted
-- by due there; this index only cost an index write per card.
DROP INDEX cards_by_due;

-- Boards are counted with index-only scans (a member's rank counts the members ahead); they
-- stay index-only while the visibility map is current, so vacuum these hot tables early
-- (after 1 % of their rows changed rather than the default 20 %).
ALTER TABLE board_totals SET (autovacuum_vacuum_scale_factor = 0.01,
                              autovacuum_vacuum_insert_scale_factor = 0.01,
                              autovacuum_analyze_scale_factor = 0.02);
