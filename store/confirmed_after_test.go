package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// TestReportsSayWhenTheLinkWasConfirmedAfter: a report made before its
// reporter's link to the partner was confirmed is flagged; one made after
// is not.
func TestReportsSayWhenTheLinkWasConfirmedAfter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	var p store.Partner
	err := st.InTx(ctx, func(tx *store.Tx) (err error) {
		if p, err = tx.AddPartner(ctx, "T1", "Orange PD", "government"); err != nil {
			return err
		}
		for _, u := range []string{"U0EARLY", "U0LATE"} {
			if _, err := tx.SaveProfile(ctx, store.Profile{TeamID: "T1", UserID: u, DisplayName: u, TZ: "UTC"}, store.RolePartner, at.AddDate(0, -1, 0)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// U0EARLY's link was confirmed an hour before the reports, U0LATE's an
	// hour after.
	if _, err := st.DB().Exec(`UPDATE members SET partner_id = $1, partner_confirmed_at = CASE user_id WHEN 'U0EARLY' THEN $2::timestamptz ELSE $3::timestamptz END`,
		p.ID, at.Add(-time.Hour), at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		ind, err := tx.AddIndicator(ctx, "T1", "served", store.IndicatorDef{Name: "Served", Definition: "d", Unit: measure.Count,
			Direction: measure.Up, Cadence: measure.Monthly, Combine: measure.Sum, ChangedBy: "U1", ChangedAt: at.AddDate(0, -2, 0)}, []int64{p.ID})
		if err != nil {
			return err
		}
		for i, u := range []string{"U0EARLY", "U0LATE"} {
			_, err := tx.AddReport(ctx, store.NewReport{TeamID: "T1", IndicatorID: ind.ID, IndicatorVersion: 1, PartnerID: p.ID,
				Period: "2026-10", PeriodStart: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Segment: []string{"", "age=12-14"}[i],
				Value: 12, ReportedBy: u, ReportedAt: at})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rs, err := st.ReportRevisions(ctx, "T1", store.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range rs {
		got[r.ReportedBy] = r.ConfirmedAfter
	}
	if len(got) != 2 || got["U0EARLY"] || !got["U0LATE"] {
		t.Errorf("confirmed after, by reporter: %v; want only U0LATE", got)
	}
}
