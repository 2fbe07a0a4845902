-- +goose Up

-- The daily housekeeping job deletes a team's remembered deliveries older
-- than three days; Socket Mode commands and clicks are remembered too
-- (by envelope), so the table grows with every use.
CREATE INDEX slack_events_received ON slack_events (team_id, received_at);

-- +goose Down
DROP INDEX slack_events_received;
