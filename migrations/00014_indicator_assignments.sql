-- +goose Up
-- indicator_assignments: which partner was expected to report which
-- indicator, and from when to when. indicator_partners says who reports
-- now; this keeps the history, so coalition health and missing reports
-- count only the periods that closed while a partner was assigned (not
-- the months before the indicator existed, nor before the partner joined).
CREATE TABLE indicator_assignments (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id        text        NOT NULL,
    indicator_id   bigint      NOT NULL REFERENCES indicators (id),
    partner_id     bigint      NOT NULL REFERENCES partners (id),
    assigned_from  timestamptz NOT NULL,
    assigned_until timestamptz,
    CHECK (assigned_until IS NULL OR assigned_until >= assigned_from)
);
-- At most one open assignment per indicator and partner.
CREATE UNIQUE INDEX indicator_assignments_open ON indicator_assignments (indicator_id, partner_id)
    WHERE assigned_until IS NULL;
-- "Was this partner assigned when that period closed?" for the digest.
CREATE INDEX indicator_assignments_pair ON indicator_assignments (indicator_id, partner_id, assigned_from);

-- Before this table no history was kept: today's partners are taken to
-- have reported each indicator since it was defined.
INSERT INTO indicator_assignments (team_id, indicator_id, partner_id, assigned_from)
SELECT ip.team_id, ip.indicator_id, ip.partner_id, v.changed_at
FROM indicator_partners ip
JOIN indicator_versions v ON v.indicator_id = ip.indicator_id AND v.version = 1;

-- +goose Down
DROP TABLE indicator_assignments;
