package dates

import (
	"testing"
	"time"
	_ "time/tzdata" // the tests need zones even where the system has none
)

// zone loads a time zone or fails the test.
func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func TestToday(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	tests := []struct {
		zone string
		want Date
	}{
		{"America/Los_Angeles", Date{2026, time.November, 22}},
		{"Asia/Kolkata", Date{2026, time.November, 23}},
		{"UTC", Date{2026, time.November, 23}},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			t.Parallel()
			if got := Today(now, zone(t, tt.zone)); got != tt.want {
				t.Errorf("Today = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("nil location is UTC", func(t *testing.T) {
		t.Parallel()
		if got := Today(now, nil); got != (Date{2026, time.November, 23}) {
			t.Errorf("Today(nil) = %v", got)
		}
	})
}

func TestDateMethods(t *testing.T) {
	t.Parallel()
	d := Date{2026, time.December, 4}
	now2026 := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"String", d.String(), "2026-12-04"},
		{"String zero", Date{}.String(), ""},
		{"IsZero", d.IsZero(), false},
		{"IsZero zero", Date{}.IsZero(), true},
		{"Human same year", d.Human(now2026), "Fri 4 Dec"},
		{"Human other year", Date{2027, time.January, 1}.Human(now2026), "Fri 1 Jan 2027"},
		{"Human zero", Date{}.Human(now2026), ""},
		{"Weekday", d.Weekday(), time.Friday},
		{"AddDays over a year end", d.AddDays(28), Date{2027, time.January, 1}},
		{"AddDays back over a leap day", Date{2028, time.March, 1}.AddDays(-1), Date{2028, time.February, 29}},
		{"Before", d.Before(Date{2026, time.December, 5}), true},
		{"Before across years", Date{2027, time.January, 1}.Before(d), false},
		{"After", d.After(Date{2026, time.November, 30}), true},
		{"Equal", d.Equal(Date{2026, time.December, 4}), true},
		{"Compare", d.Compare(d), 0},
		{"Of", Of(time.Date(2026, 12, 4, 23, 59, 0, 0, time.UTC)), d},
		{"addMonths clamps", Date{2026, time.January, 31}.addMonths(1), Date{2026, time.February, 28}},
		{"addMonths leap", Date{2027, time.December, 31}.addMonths(2), Date{2028, time.February, 29}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestDateTime(t *testing.T) {
	t.Parallel()
	d := Date{2026, time.November, 1}
	tests := []struct {
		name string
		loc  *time.Location
		want string
	}{
		{"los angeles", zone(t, "America/Los_Angeles"), "2026-11-01T00:00:00-07:00"},
		{"kolkata", zone(t, "Asia/Kolkata"), "2026-11-01T00:00:00+05:30"},
		{"nil is utc", nil, "2026-11-01T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := d.Time(tt.loc).Format(time.RFC3339); got != tt.want {
				t.Errorf("Time = %s, want %s", got, tt.want)
			}
		})
	}
}
