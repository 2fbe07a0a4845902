package schedules

import (
	"testing"
	"time"
)

func TestParseSpec(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in string
		ok bool
	}{
		{"0 9 * * 1-5", true},
		{"30 1 * * *", true},
		{"0 8 * * MON", true},
		{" 0  9 *  * 1-5 ", true},
		{"", false},
		{"0 9 * *", false},
		{"0 9 * * 1-5 2026", false},
		{"@every 1m", false},
		{"@daily", false},
		{"TZ=America/New_York 0 9 * * *", false},
		{"CRON_TZ=Mars 0 9 * * *", false},
		{"61 9 * * *", false},
		{"0 25 * * *", false},
		{"0 9 * * 8", false},
		{"a b c d e", false},
		{"0 9 32 * *", false},
		{"*/0 * * * *", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			_, err := ParseSpec(tt.in)
			if (err == nil) != tt.ok {
				t.Errorf("ParseSpec(%q) err = %v, want ok=%v", tt.in, err, tt.ok)
			}
		})
	}
}

// TestSlotsAcrossDST runs each job time over the 2026 transitions and
// expects exactly one slot per local day: none skipped, none doubled.
func TestSlotsAcrossDST(t *testing.T) {
	t.Parallel()
	zones := []struct {
		name         string
		spring, fall string // local dates of the 2026 transitions
	}{
		{"America/New_York", "2026-03-08", "2026-11-01"},
		{"Europe/Berlin", "2026-03-29", "2026-10-25"},
	}
	for _, z := range zones {
		loc, err := time.LoadLocation(z.name)
		if err != nil {
			t.Fatal(err)
		}
		for _, hhmm := range []string{"30 1", "30 2", "0 9"} {
			for _, day := range []string{z.spring, z.fall} {
				t.Run(z.name+"/"+hhmm+"/"+day, func(t *testing.T) {
					t.Parallel()
					spec, err := ParseSpec(hhmm + " * * *")
					if err != nil {
						t.Fatal(err)
					}
					d, _ := time.ParseInLocation("2006-01-02", day, loc)
					from, to := d.AddDate(0, 0, -3), d.AddDate(0, 0, 4)
					slots := spec.Slots(from, to, loc)
					if len(slots) != 7 {
						t.Fatalf("%d slots over 7 days: %v", len(slots), slots)
					}
					seen := map[string]bool{}
					for i, s := range slots {
						date := s.Local[:10]
						if seen[date] {
							t.Errorf("two slots on %s", date)
						}
						seen[date] = true
						if i > 0 && !s.At.After(slots[i-1].At) {
							t.Errorf("slot %s not after the previous one", s.Local)
						}
					}
				})
			}
		}
	}
}

func TestSlotInSpringGapRunsAtFirstValidInstant(t *testing.T) {
	t.Parallel()
	loc, _ := time.LoadLocation("America/New_York")
	spec, _ := ParseSpec("30 2 * * *")
	from := time.Date(2026, 3, 8, 0, 0, 0, 0, loc)
	slots := spec.Slots(from, from.Add(24*time.Hour), loc)
	if len(slots) != 1 {
		t.Fatalf("slots = %v", slots)
	}
	// 02:30 does not exist on 8 March 2026: clocks jump from 02:00 to 03:00.
	if want := time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC); !slots[0].At.Equal(want) || slots[0].Local != "2026-03-08 02:30" {
		t.Errorf("slot = %s at %v, want 2026-03-08 02:30 at %v (03:00 EDT)", slots[0].Local, slots[0].At, want)
	}
}

func TestSlotsFollowTheirZone(t *testing.T) {
	t.Parallel()
	spec, _ := ParseSpec("0 9 * * 1-5")
	from := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) // a Monday
	to := from.Add(24 * time.Hour)
	for _, tt := range []struct {
		zone string
		want time.Time
	}{
		{"America/Los_Angeles", time.Date(2026, 11, 23, 17, 0, 0, 0, time.UTC)},
		{"Asia/Kolkata", time.Date(2026, 11, 23, 3, 30, 0, 0, time.UTC)},
	} {
		loc, _ := time.LoadLocation(tt.zone)
		slots := spec.Slots(from, to, loc)
		if len(slots) != 1 || !slots[0].At.Equal(tt.want) {
			t.Errorf("%s: slots %v, want one at %v", tt.zone, slots, tt.want)
		}
	}
}

func TestWeekdaySpecSkipsWeekends(t *testing.T) {
	t.Parallel()
	spec, _ := ParseSpec("0 9 * * 1-5")
	from := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC) // Friday noon
	slots := spec.Slots(from, from.AddDate(0, 0, 3), time.UTC)
	if len(slots) != 1 || slots[0].Local != "2026-11-23 09:00" {
		t.Errorf("slots = %v, want only Monday 09:00", slots)
	}
}
