-- +goose Up

-- Coalition figures (/indicators, the digest, charts) are computed in the
-- database over the newest revision of each partner's value, for the few
-- periods a view shows. This index holds the cells in the order that
-- computation reads them: by indicator, segment, period, partner and
-- newest revision first, so a range of periods of the totals is one narrow
-- scan, picked and grouped without sorting. The included columns are all
-- the computation reads, so a vacuumed table answers from the index alone.
-- Without it, a large coalition's /indicators read every report of the
-- last twelve years (found by store/explain_test.go).
CREATE INDEX reports_cells ON reports (indicator_id, segment, period_start, partner_id, revision DESC)
    INCLUDE (team_id, period, value, reported_at, indicator_version);

-- The digest asks, for every partner expected to report an indicator,
-- whether it sent a total for a period before the run: one lookup per
-- (indicator, partner), answered from this index without visiting the table.
CREATE INDEX reports_sent ON reports (indicator_id, partner_id, period, segment, reported_at);

-- +goose Down
DROP INDEX reports_sent;
DROP INDEX reports_cells;
