-- +goose Up

-- sent_channel is the conversation Slack posted a row in: a DM queued to a
-- user ID ("U…") is sent in a conversation "D…", and chat.update of that DM
-- needs the D ID (Slack refuses a user ID there). Empty for rows sent
-- before this column existed and for rows not sent.
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS sent_channel text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE outbox DROP COLUMN IF EXISTS sent_channel;
