-- +goose Up

-- indicators: the coalition's shared measures. The row holds what never
-- changes (the key) and points at the definition in force; definitions are
-- versioned in indicator_versions, so a changed definition never rewrites
-- what earlier reports meant.
CREATE TABLE indicators (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id    text        NOT NULL,
    key        text        NOT NULL CHECK (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(key) <= 40),
    -- version is the number of the definition in force.
    version    integer     NOT NULL DEFAULT 1,
    archived   boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team_id, key)
);

-- indicator_versions: every definition an indicator has had, append-only.
CREATE TABLE indicator_versions (
    indicator_id    bigint      NOT NULL REFERENCES indicators (id),
    version         integer     NOT NULL CHECK (version >= 1),
    team_id         text        NOT NULL,
    name            text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
    definition      text        NOT NULL CHECK (char_length(definition) BETWEEN 1 AND 2000),
    unit            text        NOT NULL CHECK (unit IN ('count', 'percent', 'rate_per_1000', 'currency', 'number')),
    direction       text        NOT NULL CHECK (direction IN ('up', 'down')),
    cadence         text        NOT NULL CHECK (cadence IN ('monthly', 'quarterly', 'yearly')),
    -- Baseline and target are optional, but each is a value with its period.
    baseline_value  numeric,
    baseline_period text        NOT NULL DEFAULT '',
    target_value    numeric,
    target_period   text        NOT NULL DEFAULT '',
    combine         text        NOT NULL CHECK (combine IN ('sum', 'mean', 'median', 'latest')),
    group_id        bigint      REFERENCES working_groups (id),
    -- dimensions: [{"name": "town", "values": ["Greenfield", "Orange"]}, …]
    dimensions      jsonb       NOT NULL DEFAULT '[]',
    changed_by      text        NOT NULL,
    changed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (indicator_id, version),
    CHECK ((baseline_value IS NULL) = (baseline_period = '')),
    CHECK ((target_value IS NULL) = (target_period = ''))
);

-- indicator_partners: the partners expected to report each indicator now.
CREATE TABLE indicator_partners (
    indicator_id bigint NOT NULL REFERENCES indicators (id),
    partner_id   bigint NOT NULL REFERENCES partners (id),
    team_id      text   NOT NULL,
    PRIMARY KEY (indicator_id, partner_id)
);
-- "What does this partner report?" for /report and the prompts.
CREATE INDEX indicator_partners_partner ON indicator_partners (partner_id);

-- reports: one value of one indicator from one partner for one period and
-- segment ('' is the total). A correction is a new revision; nothing is
-- ever overwritten, and readers take the newest revision.
CREATE TABLE reports (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id           text        NOT NULL,
    indicator_id      bigint      NOT NULL,
    -- indicator_version is the definition in force when the value was reported.
    indicator_version integer     NOT NULL,
    partner_id        bigint      NOT NULL REFERENCES partners (id),
    -- period is canonical ('2026-11', '2026-Q3', '2026'); period_start is its
    -- first day, for ordering and date ranges.
    period            text        NOT NULL CHECK (period ~ '^\d{4}(-\d{2}|-Q[1-4])?$'),
    period_start      date        NOT NULL,
    segment           text        NOT NULL DEFAULT '',
    revision          integer     NOT NULL CHECK (revision >= 1),
    value             numeric     NOT NULL,
    note              text        NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
    reported_by       text        NOT NULL,
    reported_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (indicator_id, partner_id, period, segment, revision),
    FOREIGN KEY (indicator_id, indicator_version) REFERENCES indicator_versions (indicator_id, version)
);
-- Figures and charts read an indicator's series by period; the unique
-- constraint above already serves "newest revision of this cell".
CREATE INDEX reports_series ON reports (indicator_id, period_start);
-- Exports read a team's reports by period.
CREATE INDEX reports_team_period ON reports (team_id, period_start);

-- +goose StatementBegin
CREATE FUNCTION reports_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'reports are append-only: a correction is a new revision';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER reports_append_only BEFORE UPDATE OR DELETE ON reports
    FOR EACH ROW EXECUTE FUNCTION reports_append_only();

-- +goose Down
DROP TABLE reports;
DROP FUNCTION reports_append_only();
DROP TABLE indicator_partners;
DROP TABLE indicator_versions;
DROP TABLE indicators;
