-- +goose Up

-- schedules: when each job runs for a coalition. spec is a 5-field cron
-- spec read on local wall-clock time (the coalition's timezone, or each
-- member's for per-person jobs). since is when the schedule took effect:
-- slots before it are neither run nor reported missed.
CREATE TABLE schedules (
    team_id    text        NOT NULL,
    job        text        NOT NULL,
    spec       text        NOT NULL,
    enabled    boolean     NOT NULL DEFAULT true,
    since      timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, job)
);

-- job_runs is the exactly-once ledger: one row per job and local calendar
-- slot ("2026-11-01 09:00" in America/New_York), inserted in the same
-- transaction as the messages the run queues. A slot with a row is never
-- run again, by any replica.
CREATE TABLE job_runs (
    team_id    text        NOT NULL,
    job        text        NOT NULL,
    zone       text        NOT NULL,
    slot       text        NOT NULL,
    status     text        NOT NULL CHECK (status IN ('done', 'missed', 'failed')),
    slot_at    timestamptz NOT NULL,
    messages   integer     NOT NULL DEFAULT 0,
    error      text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, job, zone, slot)
);
-- Ticks look up the ledger by job over a recent window of slot instants.
CREATE INDEX job_runs_recent ON job_runs (team_id, job, slot_at);

-- holidays: coalition days off; reminders skip them.
CREATE TABLE holidays (
    team_id text NOT NULL,
    day     date NOT NULL,
    name    text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
    PRIMARY KEY (team_id, day)
);

-- +goose Down
DROP TABLE holidays;
DROP TABLE job_runs;
DROP TABLE schedules;
