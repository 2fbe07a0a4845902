-- +goose Up

-- coalitions: one per Slack workspace, with its common agenda and channels.
CREATE TABLE coalitions (
    team_id             text        PRIMARY KEY,
    name                text        NOT NULL DEFAULT '' CHECK (char_length(name) <= 80),
    goal                text        NOT NULL DEFAULT '',
    timeframe           text        NOT NULL DEFAULT '',
    geography           text        NOT NULL DEFAULT '',
    equity_focus        text        NOT NULL DEFAULT '',
    timezone            text        NOT NULL DEFAULT 'UTC',
    steering_channel    text        NOT NULL DEFAULT '',
    recognition_channel text        NOT NULL DEFAULT '',
    backbone_channel    text        NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (char_length(goal) + char_length(timeframe) + char_length(geography) + char_length(equity_focus) <= 2000)
);

-- settings: the coalition's tunables; keys, defaults and validation live in
-- the settings package, so a missing row means "the default".
CREATE TABLE settings (
    team_id    text        NOT NULL,
    key        text        NOT NULL,
    value      text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, key)
);

CREATE TABLE partners (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id    text        NOT NULL,
    name       text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
    sector     text        NOT NULL CHECK (sector IN ('nonprofit', 'government', 'business',
                           'philanthropy', 'education', 'health', 'community', 'other')),
    archived   boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
-- Names are unique per coalition whatever their case, archived ones
-- included, so a new or renamed partner never collides with history.
CREATE UNIQUE INDEX partners_name ON partners (team_id, lower(name));

CREATE TABLE members (
    team_id      text        NOT NULL,
    user_id      text        NOT NULL,
    display_name text        NOT NULL DEFAULT '',
    tz           text        NOT NULL DEFAULT 'UTC',
    partner_id   bigint      REFERENCES partners (id),
    role         text        NOT NULL DEFAULT 'partner' CHECK (role IN ('backbone', 'steering', 'partner')),
    away_until   date,
    is_bot       boolean     NOT NULL DEFAULT false,
    deleted      boolean     NOT NULL DEFAULT false,
    -- refreshed_at is when the profile (name, tz) was last read from Slack.
    refreshed_at timestamptz NOT NULL DEFAULT now(),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX members_partner ON members (partner_id) WHERE partner_id IS NOT NULL;

CREATE TABLE working_groups (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id      text        NOT NULL,
    name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
    channel_id   text        NOT NULL,
    lead_user_id text        NOT NULL DEFAULT '',
    purpose      text        NOT NULL DEFAULT '' CHECK (char_length(purpose) <= 500),
    archived     boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX working_groups_name ON working_groups (team_id, lower(name));
-- A channel belongs to at most one active working group.
CREATE UNIQUE INDEX working_groups_channel ON working_groups (team_id, channel_id) WHERE NOT archived;

CREATE TABLE group_members (
    group_id  bigint      NOT NULL REFERENCES working_groups (id),
    team_id   text        NOT NULL,
    user_id   text        NOT NULL,
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (team_id, user_id);

-- audit_log: who changed what, before and after. Append-only: a trigger
-- refuses every UPDATE and DELETE.
CREATE TABLE audit_log (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id   text        NOT NULL,
    actor     text        NOT NULL,
    action    text        NOT NULL,
    entity    text        NOT NULL,
    entity_id text        NOT NULL DEFAULT '',
    before    jsonb,
    after     jsonb,
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_recent ON audit_log (team_id, id DESC);

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE group_members;
DROP TABLE working_groups;
DROP TABLE members;
DROP TABLE partners;
DROP TABLE settings;
DROP TABLE coalitions;
