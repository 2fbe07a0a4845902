package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// TestHealthCountsOnlyPeriodsOwed: a partner added to an indicator in
// mid-year owes the months that closed after it joined, and an indicator
// defined last month is owed for no month that closed before it existed.
// Past periods follow the assignment in force when they closed.
func TestHealthCountsOnlyPeriodsOwed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	const team = "T1"
	at := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	def := func(name string, when time.Time) store.IndicatorDef {
		return store.IndicatorDef{Name: name, Definition: "d", Unit: measure.Count, Direction: measure.Up,
			Cadence: measure.Monthly, Combine: measure.Sum, ChangedBy: "U1", ChangedAt: when}
	}
	var club, sheriff, school store.Partner
	err := st.InTx(ctx, func(tx *store.Tx) (err error) {
		if club, err = tx.AddPartner(ctx, team, "Boys & Girls Club", "community"); err != nil {
			return err
		}
		if sheriff, err = tx.AddPartner(ctx, team, "Franklin County Sheriff", "government"); err != nil {
			return err
		}
		if school, err = tx.AddPartner(ctx, team, "Greenfield Schools", "education"); err != nil {
			return err
		}
		// Served since January by the club; the sheriff joins on 15 June;
		// the school reports it from January until it leaves on 10 March.
		served, err := tx.AddIndicator(ctx, team, "served", def("Youth served", at(1, 5)), []int64{club.ID, school.ID})
		if err != nil {
			return err
		}
		if served, err = tx.UpdateIndicator(ctx, served, def("Youth served", at(3, 10)), []int64{club.ID}); err != nil {
			return err
		}
		if _, err = tx.UpdateIndicator(ctx, served, def("Youth served", at(6, 15)), []int64{club.ID, sheriff.ID}); err != nil {
			return err
		}
		// Vaping, defined on 20 October with all three.
		_, err = tx.AddIndicator(ctx, team, "vaping", def("Teen vaping", at(10, 20)), []int64{club.ID, sheriff.ID, school.ID})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	run := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	w := store.DigestWindow{TeamID: team, From: run.AddDate(0, 0, -7), To: run, Today: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), Zone: "UTC"}
	var closed []store.CadencePeriod
	for m := time.January; m <= time.October; m++ {
		p := measure.PeriodOf(measure.Monthly, time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC))
		closed = append(closed, store.CadencePeriod{Cadence: measure.Monthly, Period: p.String(), Closes: p.ClosedOn()})
	}
	health, err := st.PartnerHealth(ctx, w, w.Today.AddDate(-1, 0, 0), closed)
	if err != nil {
		t.Fatal(err)
	}
	owed := map[string]int{}
	for _, h := range health {
		owed[h.Name] = h.Owed
	}
	want := map[string]int{
		"Boys & Girls Club":       10 + 1, // served Jan–Oct, vaping Oct
		"Franklin County Sheriff": 5 + 1,  // served Jun–Oct (joined 15 June, assigned when June closed), vaping Oct
		"Greenfield Schools":      2 + 1,  // served Jan–Feb (left in March), vaping Oct
	}
	for name, n := range want {
		if owed[name] != n {
			t.Errorf("%s owes %d totals, want %d (all: %v)", name, owed[name], n, owed)
		}
	}
	missing, err := st.MissingReports(ctx, w, closed[len(closed)-2:]) // September and October
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, m := range missing {
		got[m.IndicatorKey+" "+m.Period]++
	}
	if got["vaping 2026-09"] != 0 || got["vaping 2026-10"] != 3 || got["served 2026-09"] != 2 || got["served 2026-10"] != 2 {
		t.Errorf("missing reports by indicator and period: %v", got)
	}
}
