package store_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// figureRow is one report the figures test writes, under every method's
// indicator.
type figureRow struct {
	partner int // index into the partners
	period  string
	segment string
	value   float64
	at      time.Duration // after figuresT0
	version int
}

var figuresT0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// figureRows: corrections (a superseded value must count nowhere, even
// when reported last), reported_at ties (Latest takes the larger partner
// id), segments, a newer definition version, and a period without values.
var figureRows = []figureRow{
	{0, "2026-08", "", 10, 0, 1},
	{1, "2026-08", "", 20, 24 * time.Hour, 1},
	{0, "2026-08", "", 14, 48 * time.Hour, 1}, // p0's correction, tied with p2
	{2, "2026-08", "", 3, 48 * time.Hour, 1},
	{0, "2026-08", "town=A", 5, 0, 1},
	{1, "2026-08", "town=A", 7, 0, 1}, // tied with p0
	{3, "2026-08", "town=B", 9, 0, 1},
	{3, "2026-09", "", 100, 5 * time.Hour, 1}, // reported last, then corrected
	{0, "2026-09", "", 1, 0, 1},
	{1, "2026-09", "", 2, time.Hour, 1},
	{2, "2026-09", "", 4, -time.Hour, 1},
	{3, "2026-09", "", 8, 30 * time.Minute, 2}, // the correction, under v2
}

// wantFigure is a figure worked out by hand from figureRows.
type wantFigure struct {
	partners                  int
	sum, mean, median, latest float64
	version                   int
}

func (w wantFigure) value(m measure.Method) float64 {
	return map[measure.Method]float64{measure.Sum: w.sum, measure.Mean: w.mean, measure.Median: w.median, measure.Latest: w.latest}[m]
}

// TestCoalitionFiguresMatchCombine checks the figures the database
// computes against figures worked out by hand, and against
// measure.Method.Combine over the newest revisions picked in Go from every
// revision stored, for every method.
func TestCoalitionFiguresMatchCombine(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	inds := seedFigures(t, ctx, st)
	month := func(s string) time.Time { t, _ := time.Parse("2006-01", s); return t }
	aug, sep, oct := month("2026-08"), month("2026-09"), month("2026-10")
	total := ""

	tests := []struct {
		name     string
		from, to time.Time
		segment  *string
		want     map[string]wantFigure // "period|segment"
	}{
		{"totals of every period", aug, oct, &total, map[string]wantFigure{
			"2026-08|": {3, 37, 37.0 / 3, 14, 3, 1},
			"2026-09|": {4, 15, 3.75, 3, 2, 2},
		}},
		{"every segment", aug, aug, nil, map[string]wantFigure{
			"2026-08|":       {3, 37, 37.0 / 3, 14, 3, 1},
			"2026-08|town=A": {2, 12, 6, 6, 7, 1},
			"2026-08|town=B": {1, 9, 9, 9, 9, 1},
		}},
		{"one segment, a range without it", sep, oct, new("town=A"), map[string]wantFigure{}},
		{"a period without values", oct, oct, nil, map[string]wantFigure{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ranges []store.FigureRange
			for _, ind := range inds {
				ranges = append(ranges, store.FigureRange{IndicatorID: ind.ID, From: tt.from, To: tt.to})
			}
			pfs, err := st.CoalitionFigures(ctx, "T1", store.FigureFilter{Ranges: ranges, Segment: tt.segment})
			if err != nil {
				t.Fatal(err)
			}
			got := map[int64]map[string]measure.Figure{}
			for _, pf := range pfs {
				ind := inds[slices.IndexFunc(inds, func(i store.Indicator) bool { return i.ID == pf.IndicatorID })]
				if got[ind.ID] == nil {
					got[ind.ID] = map[string]measure.Figure{}
				}
				got[ind.ID][pf.Period+"|"+pf.Segment] = ind.Combine.Figure(measure.Aggregate{
					Partners: pf.Partners, Sum: pf.Sum, Median: pf.Median, Latest: pf.Latest, Version: pf.Version})
			}
			for _, ind := range inds {
				m := ind.Combine
				if len(got[ind.ID]) != len(tt.want) {
					t.Errorf("%s: figures of %v, want of %d cells", m, got[ind.ID], len(tt.want))
				}
				for key, w := range tt.want {
					f := got[ind.ID][key]
					if f.Partners != w.partners || f.Version != w.version || !near(f.Value, w.value(m)) {
						t.Errorf("%s %s: got %+v, want %v of %d partners, v%d", m, key, f, w.value(m), w.partners, w.version)
					}
				}
			}
		})
	}
	t.Run("same as Combine over the newest revisions", func(t *testing.T) {
		checkAgainstCombine(t, ctx, st, inds, aug, oct)
	})
}

// checkAgainstCombine compares every figure of [from, to] with Combine over
// the newest revision of each cell, picked here from all revisions.
func checkAgainstCombine(t *testing.T, ctx context.Context, st *store.Store, inds []store.Indicator, from, to time.Time) {
	revs, err := st.ReportRevisions(ctx, "T1", store.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	type cell struct {
		ind             int64
		period, segment string
		partner         int64
	}
	newest := map[cell]store.Report{}
	for _, r := range revs {
		c := cell{r.IndicatorID, r.Period, r.Segment, r.PartnerID}
		if r.Revision > newest[c].Revision {
			newest[c] = r
		}
	}
	type group struct {
		ind             int64
		period, segment string
	}
	contribs, versions := map[group][]measure.Contribution{}, map[group]int{}
	for c, r := range newest {
		g := group{c.ind, c.period, c.segment}
		contribs[g] = append(contribs[g], measure.Contribution{Partner: r.PartnerID, Value: r.Value, At: r.ReportedAt})
		versions[g] = max(versions[g], r.IndicatorVersion)
	}
	var ranges []store.FigureRange
	for _, ind := range inds {
		ranges = append(ranges, store.FigureRange{IndicatorID: ind.ID, From: from, To: to})
	}
	pfs, err := st.CoalitionFigures(ctx, "T1", store.FigureFilter{Ranges: ranges})
	if err != nil {
		t.Fatal(err)
	}
	if len(pfs) != len(contribs) {
		t.Errorf("%d figures from the database, %d groups of newest revisions", len(pfs), len(contribs))
	}
	for _, pf := range pfs {
		ind := inds[slices.IndexFunc(inds, func(i store.Indicator) bool { return i.ID == pf.IndicatorID })]
		m := ind.Combine
		g := group{pf.IndicatorID, pf.Period, pf.Segment}
		want, ok := m.Combine(contribs[g])
		got := m.Figure(measure.Aggregate{Partners: pf.Partners, Sum: pf.Sum, Median: pf.Median, Latest: pf.Latest, Version: pf.Version})
		if !ok || !near(got.Value, want) || got.Partners != len(contribs[g]) || got.Version != versions[g] {
			t.Errorf("%s %s %q: database %+v, Combine %v of %d partners v%d", m, pf.Period, pf.Segment, got, want, len(contribs[g]), versions[g])
		}
	}
}

// TestFiguresKeptOnPlainInserts checks that figures stay right however
// reports are inserted: by plain SQL, one statement per value (a new cell,
// a correction of a stored one) and one statement of many rows (several
// indicators, periods and segments, and two revisions of one cell).
func TestFiguresKeptOnPlainInserts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	inds := seedFigures(t, ctx, st)
	month := func(s string) time.Time { t, _ := time.Parse("2006-01", s); return t }
	var ps []int64
	if err := st.DB().Select(&ps, `SELECT id FROM partners WHERE team_id = 'T1' ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	insert := `INSERT INTO reports (team_id, indicator_id, indicator_version, partner_id, period, period_start, segment,
		revision, value, reported_by, reported_at) VALUES `
	row := func(ind int64, partner int64, period, segment string, rev int, value float64, at time.Duration) string {
		return fmt.Sprintf("('T1', %d, 2, %d, '%s', '%s-01', '%s', %d, %v, 'U9', '%s')", ind, partner, period, period,
			segment, rev, value, figuresT0.Add(at).Format(time.RFC3339))
	}
	for _, stmt := range []string{
		row(inds[0].ID, ps[2], "2026-10", "", 1, 6, 0),                 // a new period
		row(inds[0].ID, ps[1], "2026-08", "", 2, 50, 72*time.Hour),     // a correction, reported last
		row(inds[1].ID, ps[3], "2026-08", "town=A", 1, 11, -time.Hour), // a new partner in a segment
	} {
		if _, err := st.DB().ExecContext(ctx, insert+stmt); err != nil {
			t.Fatal(err)
		}
	}
	var many []string
	for _, ind := range inds {
		many = append(many,
			row(ind.ID, ps[0], "2026-10", "town=B", 1, 3, time.Hour),
			row(ind.ID, ps[1], "2026-10", "town=B", 1, 8, time.Hour),
			row(ind.ID, ps[3], "2026-09", "", 3, 30, 96*time.Hour), // p3 corrects again
			row(ind.ID, ps[3], "2026-11", "", 1, 1, 0),
			row(ind.ID, ps[3], "2026-11", "", 2, 2, time.Minute))
	}
	if _, err := st.DB().ExecContext(ctx, insert+strings.Join(many, ", ")); err != nil {
		t.Fatal(err)
	}
	checkAgainstCombine(t, ctx, st, inds, month("2026-08"), month("2026-11"))
}

// TestFiguresKeptOnConcurrentSaves has partners save values of one
// indicator and period at once, each in its own transaction (without
// LockIndicator, as plain SQL would): the figure must count every value, as
// it would not if each save computed it without seeing the others'.
func TestFiguresKeptOnConcurrentSaves(t *testing.T) {
	t.Parallel()
	const n = 8
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	ind := seedFigures(t, ctx, st)[0]
	var ps []int64
	err := st.InTx(ctx, func(tx *store.Tx) error {
		for i := range n {
			p, err := tx.AddPartner(ctx, "T1", fmt.Sprintf("Concurrent %d", i), "health")
			if err != nil {
				return err
			}
			ps = append(ps, p.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dec := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	var ready, start sync.WaitGroup
	ready.Add(n)
	start.Add(1)
	errs := make(chan error, n)
	for i, p := range ps {
		go func() {
			errs <- st.InTx(ctx, func(tx *store.Tx) error {
				// Every transaction has begun before any saves.
				if _, err := tx.Indicators(ctx, "T1", store.IndicatorFilter{}); err != nil {
					ready.Done()
					return err
				}
				ready.Done()
				start.Wait()
				_, err := tx.AddReport(ctx, store.NewReport{TeamID: "T1", IndicatorID: ind.ID, IndicatorVersion: 2,
					PartnerID: p, Period: "2026-12", PeriodStart: dec, Value: float64(i + 1), ReportedBy: "U1", ReportedAt: figuresT0})
				if err == nil {
					time.Sleep(20 * time.Millisecond) // so the others' saves overlap this one's
				}
				return err
			})
		}()
	}
	ready.Wait()
	start.Done()
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	pfs, err := st.CoalitionFigures(ctx, "T1", store.FigureFilter{Ranges: []store.FigureRange{{IndicatorID: ind.ID, From: dec, To: dec}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(pfs) != 1 || pfs[0].Partners != n || pfs[0].Sum != n*(n+1)/2 {
		t.Errorf("figures %+v, want one of %d partners summing to %d", pfs, n, n*(n+1)/2)
	}
}

// TestLatestTotalsAndReporters checks where the latest total is and who
// reported one, within a range.
func TestLatestTotalsAndReporters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	inds := seedFigures(t, ctx, st)
	month := func(s string) time.Time { t, _ := time.Parse("2006-01", s); return t }
	ind := inds[0]
	tests := []struct {
		name      string
		from, to  time.Time
		latest    time.Time // zero: none
		reporters int
	}{
		{"newest of all", month("2026-01"), month("2026-12"), month("2026-09"), 4},
		{"newest up to August", month("2026-01"), month("2026-08"), month("2026-08"), 3},
		{"none in range", month("2026-10"), month("2026-12"), time.Time{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := []store.FigureRange{{IndicatorID: ind.ID, From: tt.from, To: tt.to}}
			latest, err := st.LatestTotals(ctx, "T1", r)
			if err != nil {
				t.Fatal(err)
			}
			if at, ok := latest[ind.ID]; ok != !tt.latest.IsZero() || !at.Equal(tt.latest) {
				t.Errorf("latest total %v (%v), want %v", at, ok, tt.latest)
			}
			reps, err := st.TotalReporters(ctx, "T1", r)
			if err != nil {
				t.Fatal(err)
			}
			if len(reps[ind.ID]) != tt.reporters {
				t.Errorf("%d partners reported, want %d", len(reps[ind.ID]), tt.reporters)
			}
			if other, err := st.LatestTotals(ctx, "T3", r); err != nil || len(other) != 0 {
				t.Errorf("another team sees %v, %v", other, err)
			}
		})
	}
}

// TestPartnerReports checks what the report form reads of a partner: its
// values for the period owed, and its newest total before.
func TestPartnerReports(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	inds := seedFigures(t, ctx, st)
	var p0 int64
	if err := st.DB().Get(&p0, `SELECT min(id) FROM partners WHERE team_id = 'T1'`); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		owed string
		want []string // period segment value
	}{
		{"2026-10", []string{"2026-09  1"}},
		{"2026-09", []string{"2026-08  14", "2026-09  1"}},
		{"2026-08", []string{"2026-08  14", "2026-08 town=A 5"}},
	}
	for _, tt := range tests {
		t.Run(tt.owed, func(t *testing.T) {
			rs, err := st.PartnerReports(ctx, "T1", p0, []store.OwedPeriod{{IndicatorID: inds[0].ID, Period: tt.owed}})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rs {
				got = append(got, r.Period+" "+r.Segment+" "+measure.Plain(r.Value))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(b)) }

// seedFigures writes figureRows under one indicator per method, and a
// report of another team that no figure may count.
func seedFigures(t *testing.T, ctx context.Context, st *store.Store) []store.Indicator {
	t.Helper()
	var inds []store.Indicator
	err := st.InTx(ctx, func(tx *store.Tx) error {
		var ps []store.Partner
		for _, name := range []string{"P0", "P1", "P2", "P3"} {
			p, err := tx.AddPartner(ctx, "T1", name, "education")
			if err != nil {
				return err
			}
			ps = append(ps, p)
		}
		other, err := tx.AddPartner(ctx, "T2", "Elsewhere", "education")
		if err != nil {
			return err
		}
		for _, m := range measure.Methods() {
			def := store.IndicatorDef{Name: string(m), Definition: "d", Unit: "number", Direction: "up", Cadence: "monthly", Combine: m}
			ind, err := tx.AddIndicator(ctx, "T1", "by-"+string(m), def, []int64{ps[0].ID, ps[1].ID})
			if err == nil {
				ind, err = tx.UpdateIndicator(ctx, ind, def, []int64{ps[0].ID, ps[1].ID})
			}
			if err != nil {
				return err
			}
			inds = append(inds, ind)
			for _, r := range figureRows {
				start, _ := time.Parse("2006-01", r.period)
				_, err := tx.AddReport(ctx, store.NewReport{TeamID: "T1", IndicatorID: ind.ID, IndicatorVersion: r.version,
					PartnerID: ps[r.partner].ID, Period: r.period, PeriodStart: start, Segment: r.segment, Value: r.value,
					ReportedBy: "U1", ReportedAt: figuresT0.Add(r.at)})
				if err != nil {
					return err
				}
			}
			_, err = tx.AddReport(ctx, store.NewReport{TeamID: "T2", IndicatorID: ind.ID, IndicatorVersion: 1, PartnerID: other.ID,
				Period: "2026-08", PeriodStart: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), Value: 1000, ReportedBy: "U2", ReportedAt: figuresT0.Add(time.Hour * 99)})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return inds
}
