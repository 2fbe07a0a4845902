-- +goose Up

-- Coalition figures (/indicators, the digest, charts) are read far more
-- often than reports are written, and computing one means reading the
-- newest revision of every partner's value: on a large coalition, ~80k
-- cells per /indicators. So each figure is kept here, computed when a
-- report of it is written, by the database itself: every way reports are
-- inserted (a /report save, the bulk demo generator, a test's plain SQL)
-- keeps it right.
--
-- One row per indicator, segment ('' is the total), period and team: the
-- team is part of the key because figures are read by team, and a report
-- filed under another team's indicator must count in neither's figure.
-- Partners have a value; sum, median and latest (the value reported last;
-- of two reported at the same instant, the larger partner id's) are over
-- the newest revision of each partner's value, and version is the newest
-- definition version among them.
CREATE TABLE coalition_figures (
    team_id      text    NOT NULL,
    indicator_id bigint  NOT NULL,
    segment      text    NOT NULL,
    period_start date    NOT NULL,
    period       text    NOT NULL,
    partners     integer NOT NULL,
    sum          float8  NOT NULL,
    median       float8  NOT NULL,
    latest       float8  NOT NULL,
    version      integer NOT NULL,
    PRIMARY KEY (indicator_id, segment, period_start, team_id)
);

-- coalition_figures_refresh recomputes the figures of the given groups
-- (the arrays, element by element) from reports, and deletes those of
-- groups left without reports. Each group is read through the reports_cells
-- index in its order: the newest revisions are picked without sorting.
-- +goose StatementBegin
CREATE FUNCTION coalition_figures_refresh(teams text[], inds bigint[], segs text[], starts date[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH g AS (
        SELECT * FROM unnest(teams, inds, segs, starts) AS g (team_id, indicator_id, segment, period_start)
    ), fig AS (
        SELECT g.team_id, g.indicator_id, g.segment, g.period_start, a.*
        FROM g CROSS JOIN LATERAL (
            SELECT min(c.period) AS period, count(*) AS partners,
                   sum(c.value)::float8 AS sum,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY c.value::float8) AS median,
                   (array_agg(c.value ORDER BY c.reported_at DESC, c.partner_id DESC))[1]::float8 AS latest,
                   max(c.indicator_version) AS version
            FROM (
                SELECT DISTINCT ON (r.partner_id) r.period, r.partner_id, r.value, r.reported_at, r.indicator_version
                FROM reports r
                WHERE r.indicator_id = g.indicator_id AND r.segment = g.segment
                  AND r.period_start = g.period_start AND r.team_id = g.team_id
                ORDER BY r.partner_id, r.revision DESC
            ) c
            HAVING count(*) > 0
        ) a
    ), gone AS (
        DELETE FROM coalition_figures f USING g
        WHERE f.indicator_id = g.indicator_id AND f.segment = g.segment
          AND f.period_start = g.period_start AND f.team_id = g.team_id
          AND NOT EXISTS (SELECT FROM fig WHERE fig.indicator_id = g.indicator_id AND fig.segment = g.segment
                            AND fig.period_start = g.period_start AND fig.team_id = g.team_id)
    )
    INSERT INTO coalition_figures (team_id, indicator_id, segment, period_start, period, partners, sum, median, latest, version)
    SELECT team_id, indicator_id, segment, period_start, period, partners, sum, median, latest, version FROM fig
    ON CONFLICT (indicator_id, segment, period_start, team_id) DO UPDATE
    SET period = excluded.period, partners = excluded.partners, sum = excluded.sum, median = excluded.median,
        latest = excluded.latest, version = excluded.version;
END;
$$;
-- +goose StatementEnd

-- coalition_figures_on_insert recomputes the figures an INSERT into reports
-- touched. Two transactions saving values of one indicator at once must not
-- each compute a figure missing the other's value, so it first holds the
-- indicator (a transaction-scoped advisory lock, taken in id order so two
-- statements touching the same indicators cannot deadlock on each other).
-- The recompute is a later statement than the lock: under READ COMMITTED
-- (the store's isolation) its snapshot sees what the transaction that held
-- the lock before committed.
-- +goose StatementBegin
CREATE FUNCTION coalition_figures_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ind bigint;
    teams text[];
    inds bigint[];
    segs text[];
    starts date[];
BEGIN
    FOR ind IN SELECT DISTINCT indicator_id FROM new_reports ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(ind);
    END LOOP;
    SELECT array_agg(team_id), array_agg(indicator_id), array_agg(segment), array_agg(period_start)
    INTO teams, inds, segs, starts
    FROM (SELECT DISTINCT team_id, indicator_id, segment, period_start FROM new_reports) t;
    IF teams IS NOT NULL THEN
        PERFORM coalition_figures_refresh(teams, inds, segs, starts);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION coalition_figures_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE coalition_figures;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- Reports are append-only (reports_append_only rejects every UPDATE and
-- DELETE, cascades included), so an INSERT is the only way a figure
-- changes; TRUNCATE, which skips row triggers, empties the figures too.
CREATE TRIGGER coalition_figures_insert AFTER INSERT ON reports
    REFERENCING NEW TABLE AS new_reports
    FOR EACH STATEMENT EXECUTE FUNCTION coalition_figures_on_insert();
CREATE TRIGGER coalition_figures_truncate AFTER TRUNCATE ON reports
    FOR EACH STATEMENT EXECUTE FUNCTION coalition_figures_on_truncate();
-- They fire even with session_replication_role = replica, which the bulk
-- generator sets to skip foreign key checks (store/seed_large.go): figures
-- are not checks, and a reports table without them is wrong.
ALTER TABLE reports ENABLE ALWAYS TRIGGER coalition_figures_insert;
ALTER TABLE reports ENABLE ALWAYS TRIGGER coalition_figures_truncate;

-- The figures of the reports already there.
SELECT coalition_figures_refresh(array_agg(team_id), array_agg(indicator_id), array_agg(segment), array_agg(period_start))
FROM (SELECT DISTINCT team_id, indicator_id, segment, period_start FROM reports) t
HAVING count(*) > 0;

-- +goose Down
DROP TRIGGER coalition_figures_truncate ON reports;
DROP TRIGGER coalition_figures_insert ON reports;
DROP FUNCTION coalition_figures_on_truncate();
DROP FUNCTION coalition_figures_on_insert();
DROP FUNCTION coalition_figures_refresh(text[], bigint[], text[], date[]);
DROP TABLE coalition_figures;
