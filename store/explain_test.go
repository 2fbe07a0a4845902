package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/sandbox"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// largeTables are the tables that grow with a coalition's age, or with its
// size faster than its partner list: a sequential scan of one of them on a
// command's path is a defect. (indicator_partners is read whole by the
// digest's "who owes a report", which needs every pair.)
var largeTables = map[string]bool{
	"commitments": true, "commitment_events": true, "commitment_messages": true, "reports": true,
	"shoutouts": true, "shoutout_credits": true, "shoutout_plus_ones": true, "members": true,
	"outbox": true, "audit_log": true, "group_members": true, "coalition_figures": true,
}

// explainedPath is one command's path through the store.
type explainedPath struct {
	name string
	run  func(ctx context.Context, st *store.Store, fx explainFixture) error
}

// explainFixture is what the paths need from the generated coalition.
type explainFixture struct {
	team, staff, owner, zone string
	// periods are the monthly periods reported, oldest first.
	periods      []string
	partner, ind int64
	now          time.Time
}

// TestQueriesUseIndexes runs the store calls of the hot paths (digest,
// /indicators, /commitments mine, /report, the outbox worker) on a
// generated coalition, with auto_explain reporting the plan of every
// statement they send, and fails when one reads a large table without an
// index narrowing the read, or reads most of it.
// The plans are the real queries', with real parameters, so a new or
// changed query is checked without being copied here.
func TestQueriesUseIndexes(t *testing.T) {
	url := storetest.NewURL(t)
	fx := seedMedium(t, url)
	db, plans := explainingDB(t, url)
	sizes := tableRows(t, db)
	st := store.New(db)
	for _, p := range explainedPaths() {
		plans.reset()
		if err := p.run(t.Context(), st, fx); err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		got := plans.take()
		if len(got) == 0 {
			t.Fatalf("%s: auto_explain reported no plan", p.name)
		}
		for _, pl := range got {
			for _, problem := range scanProblems(t, pl.Plan, sizes) {
				t.Errorf("%s: %s in\n%s", p.name, problem, pl.Query)
			}
		}
	}
}

func explainedPaths() []explainedPath {
	return []explainedPath{
		{"weekly digest", digest},
		{"/indicators", func(ctx context.Context, st *store.Store, fx explainFixture) error {
			inds, err := st.Indicators(ctx, fx.team, store.IndicatorFilter{})
			if err != nil {
				return err
			}
			return overviewFigures(ctx, st, fx, inds)
		}},
		{"/indicators show", func(ctx context.Context, st *store.Store, fx explainFixture) error {
			one := []store.Indicator{{ID: fx.ind}}
			if err := figures(ctx, st, fx, one, 12); err != nil {
				return err
			}
			latest := fx.start(len(fx.periods) - 1)
			_, err := st.CoalitionFigures(ctx, fx.team, store.FigureFilter{Ranges: fx.ranges(one, latest, latest)})
			if err == nil {
				_, err = st.LatestReports(ctx, fx.team, store.ReportFilter{IndicatorID: &fx.ind, Segment: new(string), From: &latest, To: &latest})
			}
			return err
		}},
		{"/commitments mine", func(ctx context.Context, st *store.Store, fx explainFixture) error {
			open := store.StatusOpen
			f := store.CommitmentFilter{OwnerID: &fx.owner, Status: &open, Limit: 60}
			if _, err := st.Member(ctx, fx.team, fx.owner); err != nil {
				return err
			}
			if _, err := st.Commitments(ctx, fx.team, f); err != nil {
				return err
			}
			_, err := st.CountCommitments(ctx, fx.team, f)
			return err
		}},
		{"/report form", func(ctx context.Context, st *store.Store, fx explainFixture) error {
			inds, err := st.Indicators(ctx, fx.team, store.IndicatorFilter{PartnerID: &fx.partner})
			if err != nil {
				return err
			}
			var owed []store.OwedPeriod
			for _, ind := range inds {
				owed = append(owed, store.OwedPeriod{IndicatorID: ind.ID, Period: fx.periods[len(fx.periods)-1]})
			}
			_, err = st.PartnerReports(ctx, fx.team, fx.partner, owed)
			return err
		}},
		{"/report save", func(ctx context.Context, st *store.Store, fx explainFixture) error {
			return saveReport(ctx, st, fx)
		}},
		{"reminders run", func(ctx context.Context, st *store.Store, fx explainFixture) error {
			today := midnight(fx.now)
			return st.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.ReminderDueIDs(ctx, fx.team, fx.zone, today, today.AddDate(0, 0, 3))
				return err
			})
		}},
		{"profile of a newcomer", func(ctx context.Context, st *store.Store, fx explainFixture) error {
			if _, err := st.CachedProfile(ctx, fx.team, fx.owner); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			return nil
		}},
		{"outbox claim", func(ctx context.Context, st *store.Store, fx explainFixture) error {
			_, err := st.ClaimOutbox(ctx, fx.now, time.Minute, time.Second, 10)
			return err
		}},
	}
}

// digest reads what the weekly digest reads (bot/digest_gather.go).
func digest(ctx context.Context, st *store.Store, fx explainFixture) error {
	w := store.DigestWindow{TeamID: fx.team, From: fx.now.AddDate(0, 0, -7), To: fx.now, Today: midnight(fx.now), Zone: fx.zone}
	owed := []store.CadencePeriod{closedMonth(fx.periods[len(fx.periods)-1], fx.now)}
	var closed []store.CadencePeriod
	for _, p := range fx.periods[len(fx.periods)-3:] {
		closed = append(closed, closedMonth(p, fx.now))
	}
	return st.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.DigestCounts(ctx, w)
		if err == nil {
			_, err = tx.DigestCommitments(ctx, w)
		}
		if err == nil {
			_, err = tx.MissingReports(ctx, w, owed)
		}
		if err == nil {
			_, err = tx.DigestShoutouts(ctx, w)
		}
		if err == nil {
			_, err = tx.DigestGroups(ctx, w)
		}
		if err == nil {
			_, err = tx.PartnerHealth(ctx, w, w.Today.AddDate(0, 0, -90), closed)
		}
		if err == nil {
			_, err = tx.ReportsBeforeConfirmation(ctx, w)
		}
		if err != nil {
			return err
		}
		inds, err := tx.Indicators(ctx, fx.team, store.IndicatorFilter{})
		if err == nil {
			err = overviewFigures(ctx, tx, fx, inds)
		}
		if err == nil {
			// The segment gaps of the latest period, and the chart.
			latest := fx.start(len(fx.periods) - 1)
			_, err = tx.CoalitionFigures(ctx, fx.team, store.FigureFilter{Ranges: fx.ranges(inds, latest, latest)})
		}
		if err == nil {
			err = figures(ctx, tx, fx, inds, 12)
		}
		return err
	})
}

// figureStore is what the figure paths read from: a Store or a Tx.
type figureStore interface {
	CoalitionFigures(ctx context.Context, teamID string, f store.FigureFilter) ([]store.PeriodFigure, error)
	LatestTotals(ctx context.Context, teamID string, ranges []store.FigureRange) (map[int64]time.Time, error)
	TotalReporters(ctx context.Context, teamID string, ranges []store.FigureRange) (map[int64][]int64, error)
}

// overviewFigures reads what /indicators and the digest's indicator lines
// read (bot/indicator_overview.go): where the latest figure is, the totals
// of the last 8 periods, and who reported the last one.
func overviewFigures(ctx context.Context, fs figureStore, fx explainFixture, inds []store.Indicator) error {
	last := fx.start(len(fx.periods) - 1)
	if _, err := fs.LatestTotals(ctx, fx.team, fx.ranges(inds, fx.start(len(fx.periods)-40), last)); err != nil {
		return err
	}
	if err := figures(ctx, fs, fx, inds, 9); err != nil {
		return err
	}
	_, err := fs.TotalReporters(ctx, fx.team, fx.ranges(inds, last, last))
	return err
}

// figures computes the totals of the last n periods, as views do.
func figures(ctx context.Context, fs figureStore, fx explainFixture, inds []store.Indicator, n int) error {
	_, err := fs.CoalitionFigures(ctx, fx.team, store.FigureFilter{Segment: new(string),
		Ranges: fx.ranges(inds, fx.start(len(fx.periods)-n), fx.start(len(fx.periods)-1))})
	return err
}

// start is the first day of the i-th period reported (clamped to the
// first), as a month.
func (fx explainFixture) start(i int) time.Time {
	t, err := time.Parse("2006-01", fx.periods[max(i, 0)])
	if err != nil {
		panic(err)
	}
	return t
}

// ranges asks for the periods [from, to] of each indicator.
func (fx explainFixture) ranges(inds []store.Indicator, from, to time.Time) []store.FigureRange {
	out := make([]store.FigureRange, 0, len(inds))
	for _, ind := range inds {
		out = append(out, store.FigureRange{IndicatorID: ind.ID, From: from, To: to})
	}
	return out
}

// saveReport corrects the last period's total, as /report does.
func saveReport(ctx context.Context, st *store.Store, fx explainFixture) error {
	return st.InTx(ctx, func(tx *store.Tx) error {
		ind, err := tx.LockIndicator(ctx, fx.team, fx.ind)
		if err != nil {
			return err
		}
		rs, err := tx.LatestReports(ctx, fx.team, store.ReportFilter{IndicatorID: &fx.ind, PartnerID: &fx.partner, Segment: new(string)})
		if err != nil || len(rs) == 0 {
			return errors.Join(err, errors.New("no report to correct"))
		}
		last := rs[len(rs)-1]
		_, err = tx.AddReport(ctx, store.NewReport{TeamID: fx.team, IndicatorID: ind.ID, IndicatorVersion: ind.Version,
			PartnerID: fx.partner, Period: last.Period, PeriodStart: last.PeriodStart, Value: last.Value + 1,
			ReportedBy: fx.staff, ReportedAt: fx.now})
		if err != nil {
			return err
		}
		start := last.PeriodStart
		_, err = tx.LatestReports(ctx, fx.team, store.ReportFilter{IndicatorID: &fx.ind, Segment: new(string), From: &start, To: &start})
		return err
	})
}

// midnight is t's civil date at midnight UTC, as digests count overdue.
func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// seedMedium writes the medium generated coalition and picks, for the
// paths, its busiest owner of open commitments, a partner and an indicator.
func seedMedium(t *testing.T, url string) explainFixture {
	t.Helper()
	db, err := sqlx.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 9, 14, 0, 0, 0, time.UTC)
	plan, err := sandbox.BulkPlan(sandbox.SizeMedium, "T0EXPLAIN", now)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := store.New(db).SeedBulk(t.Context(), plan); err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded the medium coalition in %v", time.Since(start).Round(time.Millisecond))
	fx := explainFixture{team: plan.TeamID, staff: plan.UserID(1), zone: plan.Coalition.Timezone, now: now}
	for _, p := range plan.Periods {
		fx.periods = append(fx.periods, p.Name)
	}
	fx.owner, err = store.New(db).BusiestOwner(t.Context(), fx.team)
	if err == nil {
		err = db.Get(&fx.partner, `SELECT min(id) FROM partners WHERE team_id = $1`, fx.team)
	}
	if err == nil {
		err = db.Get(&fx.ind, `SELECT min(id) FROM indicators WHERE team_id = $1`, fx.team)
	}
	if err != nil {
		t.Fatal(err)
	}
	return fx
}

// explainedPlan is one statement's plan as auto_explain reports it.
type explainedPlan struct {
	Query string          `json:"Query Text"`
	Plan  json.RawMessage `json:"Plan"`
}

// planLog collects the plans auto_explain sends as notices.
type planLog struct {
	mu    sync.Mutex
	plans []explainedPlan
	err   error
}

func (l *planLog) notice(e *pq.Error) {
	_, js, ok := strings.Cut(e.Message, "plan:\n")
	if !ok {
		return
	}
	var p explainedPlan
	err := json.Unmarshal([]byte(js), &p)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.plans, l.err = append(l.plans, p), errors.Join(l.err, err)
}

func (l *planLog) reset() { l.mu.Lock(); l.plans, l.err = nil, nil; l.mu.Unlock() }

func (l *planLog) take() []explainedPlan {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		panic(l.err)
	}
	return l.plans
}

// explainingDB is a one-connection pool on which auto_explain sends the
// plan of every statement to the client as a notice. Loading auto_explain
// needs a superuser, which storetest's own cluster provides.
func explainingDB(t *testing.T, url string) (*sqlx.DB, *planLog) {
	t.Helper()
	base, err := pq.NewConnector(url)
	if err != nil {
		t.Fatal(err)
	}
	plans := &planLog{}
	db := sqlx.NewDb(sql.OpenDB(pq.ConnectorWithNoticeHandler(base, plans.notice)), "postgres")
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.Exec(`LOAD 'auto_explain'`); err != nil {
		t.Skipf("auto_explain cannot be loaded on this server (it needs a superuser): %v", err)
	}
	// The test's coalition is a fraction of a large one, where a table of a
	// few hundred rows is cheaper to scan than to look up; at scale it is
	// not. With enable_seqscan off the planner still scans sequentially
	// where no index can serve the query, and only there.
	for _, set := range []string{"auto_explain.log_min_duration = 0", "auto_explain.log_format = json",
		"auto_explain.log_level = notice", "auto_explain.log_analyze = on", "enable_seqscan = off"} {
		if _, err := db.Exec(`SET ` + set); err != nil {
			t.Fatal(err)
		}
	}
	return db, plans
}

// planNode is the part of a plan node the checks read.
type planNode struct {
	Type     string            `json:"Node Type"`
	Relation string            `json:"Relation Name"`
	Index    string            `json:"Index Name"`
	Filter   string            `json:"Filter"`
	Rows     float64           `json:"Actual Rows"`
	Loops    float64           `json:"Actual Loops"`
	Removed  float64           `json:"Rows Removed by Filter"`
	Plans    []json.RawMessage `json:"Plans"`
}

// scanProblems lists the scans of large tables in a plan that read the
// table without an index narrowing them: a sequential scan; an index scan
// whose filter throws away most of what it reads (the index serves the
// team but not the query); or any scan reading most of the table, which at
// scale the planner does sequentially, index or not. tableRows are the
// tables' sizes.
func scanProblems(t *testing.T, raw json.RawMessage, tableRows map[string]float64) []string {
	t.Helper()
	var n planNode
	if err := json.Unmarshal(raw, &n); err != nil {
		t.Fatalf("read plan: %v", err)
	}
	var out []string
	read := (n.Rows + n.Removed) * max(n.Loops, 1)
	switch {
	case !largeTables[n.Relation]:
	case n.Type == "Seq Scan":
		out = append(out, "sequential scan of "+n.Relation)
	case n.Removed > 500 && n.Removed > 10*n.Rows:
		out = append(out, fmt.Sprintf("%s of %s by %s reads %.0f rows to keep %.0f (filter %s)",
			strings.ToLower(n.Type), n.Relation, n.Index, n.Removed+n.Rows, n.Rows, n.Filter))
	case read > 1000 && read > tableRows[n.Relation]/2:
		out = append(out, fmt.Sprintf("%s of %s by %s reads %.0f of its %.0f rows",
			strings.ToLower(n.Type), n.Relation, n.Index, read, tableRows[n.Relation]))
	}
	for _, child := range n.Plans {
		out = append(out, scanProblems(t, child, tableRows)...)
	}
	return out
}

// tableRows are the large tables' sizes, as ANALYZE counted them.
func tableRows(t *testing.T, db *sqlx.DB) map[string]float64 {
	t.Helper()
	var rows []struct {
		Name string  `db:"relname"`
		Rows float64 `db:"reltuples"`
	}
	if err := db.Select(&rows, `SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`); err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, r := range rows {
		out[r.Name] = r.Rows
	}
	return out
}

// closedMonth is a monthly period as the digest passes it.
func closedMonth(period string, now time.Time) store.CadencePeriod {
	p, err := measure.ParsePeriod(period, measure.Monthly, now)
	if err != nil {
		panic(err)
	}
	return store.CadencePeriod{Cadence: measure.Monthly, Period: period, Closes: p.ClosedOn()}
}
