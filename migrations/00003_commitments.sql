-- +goose Up

-- meetings: one session of a working group, held in the group's channel.
-- Commitments made with /commit in that channel while it is open are
-- linked to it.
CREATE TABLE meetings (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id      text        NOT NULL,
    group_id     bigint      NOT NULL REFERENCES working_groups (id),
    channel_id   text        NOT NULL,
    title        text        NOT NULL DEFAULT '' CHECK (char_length(title) <= 150),
    started_by   text        NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    ended_by     text        NOT NULL DEFAULT '',
    ended_at     timestamptz,
    -- next_meeting is the date announced by `/meeting end next=…`.
    next_meeting date,
    CHECK ((ended_at IS NULL) = (ended_by = ''))
);
-- At most one open meeting per channel: a second `/meeting start` conflicts.
CREATE UNIQUE INDEX meetings_open ON meetings (team_id, channel_id) WHERE ended_at IS NULL;
CREATE INDEX meetings_group ON meetings (group_id, started_at DESC);

-- commitments: who will do what by when. Rows change state (status, health,
-- due date, acceptance), but every change is also appended to
-- commitment_events, so history is never lost.
CREATE TABLE commitments (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id      text        NOT NULL,
    owner_id     text        NOT NULL,
    -- partner_id is the owner's organization when the commitment was made;
    -- it does not follow later changes of the member's partner.
    partner_id   bigint      REFERENCES partners (id),
    -- group_id is the working group of the channel it was made in; NULL for
    -- commitments made outside a working group's channel.
    group_id     bigint      REFERENCES working_groups (id),
    meeting_id   bigint      REFERENCES meetings (id),
    channel_id   text        NOT NULL DEFAULT '',
    text         text        NOT NULL CHECK (char_length(text) BETWEEN 1 AND 500),
    due          date,
    status       text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    health       text        NOT NULL DEFAULT 'none'
                 CHECK (health IN ('none', 'on_track', 'need_help', 'blocked')),
    -- acceptance is 'pending' while someone committed on the owner's behalf
    -- waits for the owner's answer; 'declined' items are also dropped.
    acceptance   text        NOT NULL DEFAULT 'accepted'
                 CHECK (acceptance IN ('pending', 'accepted', 'declined')),
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    -- completed_at is when it was done or dropped.
    completed_at timestamptz,
    FOREIGN KEY (team_id, owner_id) REFERENCES members (team_id, user_id),
    CHECK ((status = 'open') = (completed_at IS NULL)),
    CHECK (acceptance <> 'declined' OR status = 'dropped')
);
-- The queries all look at open items: `/commitments mine` and DM replies
-- (owner), a group's agenda and `/commitments #channel` (group), overdue
-- lists and reminders (due). Partial indexes stay small as done and dropped
-- items pile up over the years.
CREATE INDEX commitments_owner_open ON commitments (team_id, owner_id, due) WHERE status = 'open';
CREATE INDEX commitments_group_open ON commitments (group_id, due) WHERE status = 'open';
CREATE INDEX commitments_due_open ON commitments (team_id, due) WHERE status = 'open';
CREATE INDEX commitments_meeting ON commitments (meeting_id) WHERE meeting_id IS NOT NULL;
-- App Home's "what I committed recently" (made by me, for anyone).
CREATE INDEX commitments_created_by ON commitments (team_id, created_by, created_at DESC);

-- commitment_events: every change to a commitment — who, what, note, when.
-- Append-only: a trigger refuses every UPDATE and DELETE.
CREATE TABLE commitment_events (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id       text        NOT NULL,
    commitment_id bigint      NOT NULL REFERENCES commitments (id),
    actor         text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('created', 'accepted', 'date_proposed', 'declined',
                              'done', 'on_track', 'need_help', 'blocked', 'due_changed', 'dropped')),
    note          text        NOT NULL DEFAULT '' CHECK (char_length(note) <= 2000),
    due_before    date,
    due_after     date,
    at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commitment_events_commitment ON commitment_events (commitment_id, id);

-- +goose StatementBegin
CREATE FUNCTION commitment_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'commitment_events is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER commitment_events_append_only BEFORE UPDATE OR DELETE ON commitment_events
    FOR EACH ROW EXECUTE FUNCTION commitment_events_append_only();

-- commitment_messages: which commitments a queued DM shows, by its outbox
-- dedupe key, so a reply in the DM's thread is applied to them.
CREATE TABLE commitment_messages (
    team_id       text    NOT NULL,
    dedupe_key    text    NOT NULL,
    commitment_id bigint  NOT NULL REFERENCES commitments (id),
    position      integer NOT NULL,
    PRIMARY KEY (team_id, dedupe_key, commitment_id)
);
-- A DM reply names its thread by the parent's ts: find the outbox row that
-- posted it. Rows not yet sent have ts ''.
CREATE INDEX outbox_sent_ts ON outbox (team_id, ts) WHERE ts <> '';

-- +goose Down
DROP INDEX outbox_sent_ts;
DROP TABLE commitment_messages;
DROP TABLE commitment_events;
DROP FUNCTION commitment_events_append_only();
DROP TABLE commitments;
DROP TABLE meetings;
