package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// TestOwedIndicatorsAndFirstReports seeds two partners and four
// indicators, and checks what one partner owes and when it first reported.
func TestOwedIndicatorsAndFirstReports(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	const team = "T1"
	t0 := time.Date(2026, 10, 2, 12, 0, 0, 0, time.UTC)
	owed := map[string]string{"monthly": "2026-10", "quarterly": "2026-Q3", "yearly": "2025"}
	var gps, opd store.Partner
	inds := map[string]store.Indicator{}
	err := st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if gps, err = tx.AddPartner(ctx, team, "Greenfield", "education"); err != nil {
			return err
		}
		if opd, err = tx.AddPartner(ctx, team, "Orange PD", "government"); err != nil {
			return err
		}
		for _, d := range []struct{ key, cadence string }{{"served", "quarterly"}, {"binge", "quarterly"}, {"grants", "yearly"}, {"visits", "monthly"}, {"gone", "monthly"}} {
			def := store.IndicatorDef{Name: d.key, Definition: "d", Unit: "count", Direction: "up", Cadence: measure.Cadence(d.cadence), Combine: "sum"}
			if inds[d.key], err = tx.AddIndicator(ctx, team, d.key, def, []int64{gps.ID, opd.ID}); err != nil {
				return err
			}
		}
		if err := tx.ArchiveIndicator(ctx, inds["gone"].ID); err != nil {
			return err
		}
		add := func(key string, p store.Partner, period string, start time.Time, segment string, at time.Time) error {
			_, err := tx.AddReport(ctx, store.NewReport{TeamID: team, IndicatorID: inds[key].ID, IndicatorVersion: 1, PartnerID: p.ID,
				Period: period, PeriodStart: start, Segment: segment, Value: 1, ReportedBy: "U1", ReportedAt: at})
			return err
		}
		q3, q2 := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		for _, r := range []error{
			add("served", gps, "2026-Q3", q3, "", t0),                                       // reported: not owed
			add("served", gps, "2026-Q3", q3, "", t0.AddDate(0, 0, 9)),                      // a correction
			add("binge", gps, "2026-Q2", q2, "", t0),                                        // an older period
			add("binge", gps, "2026-Q3", q3, "town=A", t0),                                  // a segment only
			add("grants", opd, "2025", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), "", t0), // another partner
		} {
			if r != nil {
				return r
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.OwedIndicators(ctx, team, gps.ID, owed)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, ind := range got {
		keys = append(keys, ind.Key)
	}
	if want := []string{"binge", "grants", "visits"}; !slices.Equal(keys, want) {
		t.Errorf("Greenfield owes %v, want %v", keys, want)
	}
	if other, err := st.OwedIndicators(ctx, "T2", gps.ID, owed); err != nil || len(other) != 0 {
		t.Errorf("another team's view: %v, %v", other, err)
	}
	firsts, err := st.FirstReports(ctx, team, inds["served"].ID, gps.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(firsts) != 1 || firsts[0].Period != "2026-Q3" || !firsts[0].ReportedAt.Equal(t0) {
		t.Errorf("first reports of served: %+v, want 2026-Q3 at %s", firsts, t0)
	}
	firsts, err = st.FirstReports(ctx, team, inds["binge"].ID, gps.ID)
	if err != nil || len(firsts) != 1 || firsts[0].Period != "2026-Q2" {
		t.Errorf("first totals of binge: %+v, %v; want 2026-Q2 only (segments are not totals)", firsts, err)
	}
}

// TestShoutoutsToTheMemberNewestFirst checks ShoutoutsTo keeps the
// member's own, recent ones, newest first, within the limit.
func TestShoutoutsToTheMemberNewestFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	seed := []struct {
		team, to string
		days     int
	}{{"T1", "U1", 0}, {"T1", "U2", 1}, {"T1", "U1", 2}, {"T2", "U1", 3}, {"T1", "U1", -40}, {"T1", "U1", 4}}
	err := st.InTx(ctx, func(tx *store.Tx) error {
		for i, s := range seed {
			_, err := tx.AddShoutout(ctx, store.Shoutout{TeamID: s.team, GiverID: "U9", ChannelID: "C1", Message: fmt.Sprint("m", i),
				CreatedAt: t0.AddDate(0, 0, s.days)}, []store.Credit{{UserID: s.to}})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ss, err := st.ShoutoutsTo(ctx, "T1", "U1", t0.AddDate(0, 0, -30), 2)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, s := range ss {
		msgs = append(msgs, s.Message)
	}
	if want := []string{"m5", "m2"}; !slices.Equal(msgs, want) {
		t.Errorf("shout-outs to U1: %v, want %v", msgs, want)
	}
}
