-- +goose Up

-- A partner's short name ("GPS" for Greenfield Public Schools), for tight
-- places such as charts; '' when it has none.
ALTER TABLE partners ADD COLUMN short_name text NOT NULL DEFAULT ''
    CHECK (char_length(short_name) <= 20);

-- email is the address a member was imported by (matched to their Slack
-- user with users.lookupByEmail); '' when they came in through Slack.
ALTER TABLE members ADD COLUMN email text NOT NULL DEFAULT ''
    CHECK (char_length(email) <= 254);
-- tz_override is a timezone staff set for the member, which wins over the
-- one Slack reports (people travel, or never set theirs); '' for none.
ALTER TABLE members ADD COLUMN tz_override text NOT NULL DEFAULT '';
-- home_team_id is the member's own workspace when it is not the app's: a
-- Slack Connect person from a partner organization's workspace. '' for
-- people of the app's workspace.
ALTER TABLE members ADD COLUMN home_team_id text NOT NULL DEFAULT '';
-- guest is Slack's guest kind: a single- or multi-channel guest, or ''.
ALTER TABLE members ADD COLUMN guest text NOT NULL DEFAULT ''
    CHECK (guest IN ('', 'single_channel', 'multi_channel'));
-- dm_refused_at is when Slack last refused the bot a DM with the member
-- (conversations.open is not allowed for some external people): their
-- messages then go as a mention in a thread of a channel instead.
ALTER TABLE members ADD COLUMN dm_refused_at timestamptz;

-- import_drafts holds a previewed CSV until staff press Import (or it
-- expires): the button names the draft, never carries the file.
CREATE TABLE import_drafts (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id    text        NOT NULL,
    user_id    text        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('partners', 'members', 'groups', 'indicators', 'reports')),
    filename   text        NOT NULL DEFAULT '',
    content    bytea       NOT NULL CHECK (octet_length(content) <= 10485760),
    applied_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
-- Old drafts are removed by the retention sweep, by age.
CREATE INDEX import_drafts_age ON import_drafts (created_at);

-- +goose Down
DROP TABLE import_drafts;
ALTER TABLE members DROP COLUMN dm_refused_at;
ALTER TABLE members DROP COLUMN guest;
ALTER TABLE members DROP COLUMN home_team_id;
ALTER TABLE members DROP COLUMN tz_override;
ALTER TABLE members DROP COLUMN email;
ALTER TABLE partners DROP COLUMN short_name;
