-- +goose Up

-- A member speaks for their partner (reports its figures) only once their
-- link to it is confirmed: made by backbone staff, or claimed by the member
-- and confirmed by staff or by a confirmed member of that partner.
-- partner_confirmed_at is NULL while a claimed link waits. Links made
-- before confirmation existed were made by staff or trusted, and stay so.
ALTER TABLE members ADD COLUMN partner_confirmed_at timestamptz;
UPDATE members SET partner_confirmed_at = created_at WHERE partner_id IS NOT NULL;
ALTER TABLE members ADD CONSTRAINT members_confirmed_link
    CHECK (partner_confirmed_at IS NULL OR partner_id IS NOT NULL);

-- partner_claims: a member's own claim to be with a partner, and who
-- decided it. The Confirm and Not ours buttons name a claim, so a stale
-- button never decides a later one.
CREATE TABLE partner_claims (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id      text        NOT NULL,
    user_id      text        NOT NULL,
    partner_id   bigint      NOT NULL REFERENCES partners (id),
    -- superseded: backbone staff set the member's partner themselves.
    status       text        NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'confirmed', 'rejected', 'superseded')),
    requested_at timestamptz NOT NULL DEFAULT now(),
    decided_by   text        NOT NULL DEFAULT '',
    decided_at   timestamptz,
    CHECK ((status = 'pending') = (decided_at IS NULL)),
    FOREIGN KEY (team_id, user_id) REFERENCES members (team_id, user_id)
);
-- A member has at most one claim waiting; staff list them by team.
CREATE UNIQUE INDEX partner_claims_pending ON partner_claims (team_id, user_id) WHERE status = 'pending';

-- +goose Down
DROP TABLE partner_claims;
ALTER TABLE members DROP CONSTRAINT members_confirmed_link;
ALTER TABLE members DROP COLUMN partner_confirmed_at;
