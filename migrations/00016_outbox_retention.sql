-- +goose NO TRANSACTION
-- +goose Up

-- The outbox used to keep every sent row forever. The nightly housekeeping
-- now deletes a team's sent rows older than OUTBOX_RETENTION, oldest first,
-- a small batch at a time: this index finds them without reading the rest.
-- Built CONCURRENTLY (outside a transaction) so that an upgrade never stops
-- the outbox of a database that already holds millions of rows.
CREATE INDEX CONCURRENTLY IF NOT EXISTS outbox_sent_age ON outbox (team_id, sent_at) WHERE status = 'sent';

-- Failed rows are kept until someone handles them (retries or dismisses
-- them): /backbone status lists a team's newest first, and the metrics count
-- them.
CREATE INDEX CONCURRENTLY IF NOT EXISTS outbox_failed ON outbox (team_id, id) WHERE status = 'failed';

-- failed_at is when a row failed for good; NULL for rows that failed before
-- this column existed, and for every row not failed.
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS failed_at timestamptz;

-- +goose Down
ALTER TABLE outbox DROP COLUMN IF EXISTS failed_at;
DROP INDEX CONCURRENTLY IF EXISTS outbox_failed;
DROP INDEX CONCURRENTLY IF EXISTS outbox_sent_age;
