package indicator

import (
	"strings"
	"testing"
	"time"
)

func TestClosedPeriodsLeaveOutTheGraceDays(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		today string
		grace int
		want  []string
	}{
		{"2026-11-23", 5, []string{"monthly 2026-10", "monthly 2026-09", "monthly 2026-08", "quarterly 2026-Q3"}},
		{"2026-11-03", 5, []string{"monthly 2026-09", "monthly 2026-08", "quarterly 2026-Q3"}},
		{"2027-01-02", 1, []string{"monthly 2026-12", "monthly 2026-11", "monthly 2026-10", "quarterly 2026-Q4", "yearly 2026"}},
	} {
		today, err := time.Parse(time.DateOnly, tc.today)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range ClosedPeriods(today.AddDate(0, 0, -HealthDays), today, tc.grace, time.UTC) {
			got = append(got, string(p.Cadence)+" "+p.Period)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s, grace %d: %q, want %q", tc.today, tc.grace, got, tc.want)
		}
	}
}
