-- +goose Up

-- notify_user is told by DM when the row fails permanently (the bot is not
-- in the channel, the channel is archived…), so a message a person asked
-- for never vanishes silently. '' tells nobody.
ALTER TABLE outbox ADD COLUMN notify_user text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE outbox DROP COLUMN notify_user;
