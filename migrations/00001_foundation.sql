-- +goose Up

-- outbox holds every message the bot sends on its own initiative. A row is
-- written in the same transaction as the change that caused it and delivered
-- later by the outbox worker, so a crash never loses nor invents a message.
CREATE TABLE outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id         text        NOT NULL,
    -- dedupe_key names the logical message ("reminder:U123:2026-11-02"):
    -- queueing the same message twice is a no-op.
    dedupe_key      text        NOT NULL,
    method          text        NOT NULL DEFAULT 'chat.postMessage'
                    CHECK (method IN ('chat.postMessage', 'chat.update', 'chat.postEphemeral')),
    -- channel is a channel ID, or a user ID for a DM (Slack opens the DM).
    channel         text        NOT NULL,
    payload         jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- locked_until is the lease of the worker currently sending the row.
    locked_until    timestamptz,
    last_error      text        NOT NULL DEFAULT '',
    ts              text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    UNIQUE (team_id, dedupe_key)
);

-- Workers only ever look for pending rows that are due.
CREATE INDEX outbox_pending_due ON outbox (next_attempt_at, id) WHERE status = 'pending';
-- The claim query asks, per channel, "posted to within the last second, or a
-- row in flight?" to pace chat.postMessage across replicas.
CREATE INDEX outbox_channel_activity ON outbox (team_id, channel, sent_at);

-- slack_events remembers the Events API deliveries already handled, so a
-- redelivery (same event_id) is acknowledged and ignored.
CREATE TABLE slack_events (
    event_id    text        PRIMARY KEY,
    team_id     text        NOT NULL,
    event_type  text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE slack_events;
DROP TABLE outbox;
