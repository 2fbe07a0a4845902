-- +goose Up

-- The web scorecard: public indicators and the story behind each curve.
ALTER TABLE indicators ADD COLUMN public boolean NOT NULL DEFAULT false;
ALTER TABLE indicators ADD COLUMN story text NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN story_by text NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN story_at timestamptz;

-- web_links_used: the one-time sign-in links already used. A link is
-- signed, so nothing is stored when it is sent; using it inserts its nonce,
-- and the primary key refuses a second use.
CREATE TABLE web_links_used (
    nonce      text        PRIMARY KEY,
    team_id    text        NOT NULL,
    user_id    text        NOT NULL,
    -- expires_at: past it the row can go (the link is refused anyway).
    expires_at timestamptz NOT NULL,
    used_at    timestamptz NOT NULL DEFAULT now()
);

-- web_sessions: signed-in browsers. The cookie holds a random token; only
-- its SHA-256 is kept, so a read of this table signs nobody in.
CREATE TABLE web_sessions (
    token_hash text        PRIMARY KEY,
    team_id    text        NOT NULL,
    user_id    text        NOT NULL,
    csrf       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    FOREIGN KEY (team_id, user_id) REFERENCES members (team_id, user_id)
);

-- A commitment may name the indicator it serves (the indicator page lists
-- those commitments: what works).
ALTER TABLE commitments ADD COLUMN indicator_id bigint REFERENCES indicators (id);
-- The indicator page reads an indicator's commitments.
CREATE INDEX commitments_indicator ON commitments (indicator_id) WHERE indicator_id IS NOT NULL;

-- +goose Down
DROP INDEX commitments_indicator;
ALTER TABLE commitments DROP COLUMN indicator_id;
DROP TABLE web_sessions;
DROP TABLE web_links_used;
ALTER TABLE indicators DROP COLUMN story_at, DROP COLUMN story_by, DROP COLUMN story, DROP COLUMN public;
