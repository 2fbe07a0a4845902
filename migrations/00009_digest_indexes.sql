-- +goose Up

-- The weekly digest reads one week out of years of history: what was done,
-- what was made and which reports came in during the week. Without these it
-- reads every commitment and every report of the coalition (found by
-- store/explain_test.go on a generated coalition).
CREATE INDEX commitments_completed ON commitments (team_id, completed_at) WHERE status = 'done';
CREATE INDEX commitments_created ON commitments (team_id, created_at);
-- First revisions only: a correction is not a report received.
CREATE INDEX reports_received ON reports (team_id, reported_at) WHERE revision = 1;
-- Partner health counts what fell due in the last 90 days, done or not;
-- commitments_due_open serves only the open ones.
CREATE INDEX commitments_due ON commitments (team_id, due);

-- +goose Down
DROP INDEX commitments_due;
DROP INDEX reports_received;
DROP INDEX commitments_created;
DROP INDEX commitments_completed;
