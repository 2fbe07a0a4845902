-- +goose Up

-- slack_profiles: the workspace's people as Slack last described them
-- (users.list at start, user_change and team_join events, users.info for
-- someone unknown). A member is created from here on their first
-- interaction without a users.info call, which Slack limits to about 100 a
-- minute; members stay the people who have used the bot.
CREATE TABLE slack_profiles (
    team_id      text        NOT NULL,
    user_id      text        NOT NULL,
    display_name text        NOT NULL DEFAULT '',
    tz           text        NOT NULL DEFAULT 'UTC',
    is_bot       boolean     NOT NULL DEFAULT false,
    deleted      boolean     NOT NULL DEFAULT false,
    -- home_team_id and guest as in members (00030): a Slack Connect
    -- person's own workspace, a guest's kind.
    home_team_id text        NOT NULL DEFAULT '',
    guest        text        NOT NULL DEFAULT '',
    refreshed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, user_id)
);

-- +goose Down
DROP TABLE slack_profiles;
