-- +goose Up

-- shoutouts are public thanks, by a member (giver_id) or by the bot itself
-- (giver_id ''), posted through the outbox row named by dedupe_key.
CREATE TABLE shoutouts (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id    text        NOT NULL,
    giver_id   text        NOT NULL DEFAULT '',
    channel_id text        NOT NULL,
    message    text        NOT NULL CHECK (char_length(message) BETWEEN 1 AND 1000),
    created_at timestamptz NOT NULL DEFAULT now()
);
-- Digests and the App Home list a period's shout-outs, newest first.
CREATE INDEX shoutouts_recent ON shoutouts (team_id, created_at DESC);

-- shoutout_credits: everyone a shout-out thanks. A member's row carries their
-- partner at the time; a partner named on its own has user_id ''.
CREATE TABLE shoutout_credits (
    id          bigint NOT NULL GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shoutout_id bigint NOT NULL REFERENCES shoutouts (id),
    team_id     text   NOT NULL,
    user_id     text   NOT NULL DEFAULT '',
    partner_id  bigint REFERENCES partners (id),
    CHECK (user_id <> '' OR partner_id IS NOT NULL)
);
CREATE INDEX shoutout_credits_shoutout ON shoutout_credits (shoutout_id);
-- "Recent shout-outs to me" on the App Home.
CREATE INDEX shoutout_credits_user ON shoutout_credits (team_id, user_id) WHERE user_id <> '';

-- shoutout_plus_ones: who joined in with 👏 +1, once per person.
CREATE TABLE shoutout_plus_ones (
    shoutout_id bigint      NOT NULL REFERENCES shoutouts (id),
    team_id     text        NOT NULL,
    user_id     text        NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shoutout_id, user_id)
);

-- +goose Down
DROP TABLE shoutout_plus_ones;
DROP TABLE shoutout_credits;
DROP TABLE shoutouts;
