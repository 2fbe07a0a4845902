-- +goose Up

-- installations: the workspaces Backbone was added to with "Add to Slack".
-- A workspace configured with SLACK_BOT_TOKEN has no row. bot_token is
-- AES-256-GCM sealed under TOKEN_ENCRYPTION_KEY (package secret), bound to
-- team_id; key_id names the key, so `backbone rotate-key` finds the rows
-- sealed under an older one. uninstalled_at is set by app_uninstalled or
-- tokens_revoked; the nightly purge deletes the team's data
-- RETENTION_DAYS_AFTER_UNINSTALL later, and a reinstall before then clears it.
CREATE TABLE installations (
    team_id          text        PRIMARY KEY,
    enterprise_id    text        NOT NULL DEFAULT '',
    team_name        text        NOT NULL DEFAULT '',
    bot_user_id      text        NOT NULL,
    bot_token        bytea       NOT NULL,
    key_id           text        NOT NULL,
    scopes           text        NOT NULL DEFAULT '',
    installer_id     text        NOT NULL,
    installed_at     timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    uninstalled_at   timestamptz
);
-- The nightly purge looks for teams uninstalled long enough ago.
CREATE INDEX installations_uninstalled ON installations (uninstalled_at) WHERE uninstalled_at IS NOT NULL;

-- oauth_states: one per "Add to Slack" click, so that any replica can check
-- the state Slack hands back. browser is the SHA-256 of the nonce kept in
-- the clicking browser's cookie: a state is only good with that cookie, and
-- only once (used_at).
CREATE TABLE oauth_states (
    state       text        PRIMARY KEY,
    browser     bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    used_at     timestamptz
);
CREATE INDEX oauth_states_age ON oauth_states (created_at);

-- cancelled: a row of a team that uninstalled the app, never sent.
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
    CHECK (status IN ('pending', 'sent', 'failed', 'cancelled'));

-- +goose Down
DELETE FROM outbox WHERE status = 'cancelled';
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sent', 'failed'));
DROP TABLE oauth_states;
DROP TABLE installations;
