-- +goose Up

-- The append-only tables (the audit log, commitment events, reports) still
-- refuse every change, except the deletion of a whole team: when a team's
-- retention after uninstall ends, or on `backbone team delete`, DeleteTeam
-- sets backbone.purge_team to that team for its one transaction (set_config
-- local), and only that team's rows may go.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.team_id = current_setting('backbone.purge_team', true) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION commitment_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.team_id = current_setting('backbone.purge_team', true) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'commitment_events is append-only';
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION reports_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.team_id = current_setting('backbone.purge_team', true) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'reports are append-only: a correction is a new revision';
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION commitment_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'commitment_events is append-only';
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION reports_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'reports are append-only: a correction is a new revision';
END;
$$;
-- +goose StatementEnd
