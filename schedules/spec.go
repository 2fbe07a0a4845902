// Package schedules runs Backbone's jobs (reminders, check-ins, escalations,
// prompts, digests) on cron schedules read on local wall-clock time, exactly
// once per slot across replicas and restarts, through a ledger in the store.
package schedules

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// starBit is robfig/cron's marker for a field given as "*".
const starBit = 1 << 63

// slotLayout names a local calendar slot in the ledger.
const slotLayout = "2006-01-02 15:04"

// Spec is a five-field cron spec (minute hour day-of-month month
// day-of-week), evaluated on local wall-clock time. robfig/cron is used only
// to parse it: its own scheduling skips and doubles runs around DST
// changes, so slots are enumerated here, on the civil calendar.
type Spec struct {
	raw   string
	sched *cron.SpecSchedule
}

// ParseSpec parses a cron spec; the error says what a valid one looks like.
func ParseSpec(raw string) (spec Spec, err error) {
	raw = strings.Join(strings.Fields(raw), " ")
	bad := fmt.Errorf("“%s” is not a schedule. Use five fields — minute hour day-of-month month day-of-week — such as \"0 9 * * 1-5\" (weekdays at 09:00) or \"0 8 * * 1\" (Mondays at 08:00)", raw)
	if len(strings.Fields(raw)) != 5 || strings.ContainsAny(raw, "@=") {
		return Spec{}, bad
	}
	// robfig/cron panics on some malformed specs: a panic is a refusal.
	defer func() {
		if recover() != nil {
			spec, err = Spec{}, bad
		}
	}()
	s, err := cron.ParseStandard(raw)
	if err != nil {
		return Spec{}, bad
	}
	ss, ok := s.(*cron.SpecSchedule)
	if !ok {
		return Spec{}, bad
	}
	return Spec{raw: raw, sched: ss}, nil
}

// String returns the spec as written.
func (s Spec) String() string { return s.raw }

// Slot is one local calendar time a job is due at.
type Slot struct {
	// Local is the wall-clock slot, "2026-11-01 09:00": the ledger key.
	Local string
	// At is the slot's instant; for a wall time skipped by a DST change,
	// the first valid instant after it.
	At time.Time
}

// Slots returns the slots whose instant lies in (from, to], in order.
func (s Spec) Slots(from, to time.Time, loc *time.Location) []Slot {
	var out []Slot
	first := from.In(loc)
	day := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, time.UTC)
	last := to.In(loc)
	end := time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, time.UTC)
	for ; !day.After(end); day = day.AddDate(0, 0, 1) {
		if !s.dayMatches(day) {
			continue
		}
		for h := 0; h < 24; h++ {
			if s.sched.Hour&(1<<uint(h)) == 0 {
				continue
			}
			for m := 0; m < 60; m++ {
				if s.sched.Minute&(1<<uint(m)) == 0 {
					continue
				}
				at := civilInstant(day.Year(), day.Month(), day.Day(), h, m, loc)
				if at.After(from) && !at.After(to) {
					local := time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, time.UTC).Format(slotLayout)
					out = append(out, Slot{Local: local, At: at})
				}
			}
		}
	}
	return out
}

// dayMatches applies cron's day rules to a civil date (held in UTC).
func (s Spec) dayMatches(day time.Time) bool {
	if s.sched.Month&(1<<uint(day.Month())) == 0 {
		return false
	}
	dom := s.sched.Dom&(1<<uint(day.Day())) > 0
	dow := s.sched.Dow&(1<<uint(day.Weekday())) > 0
	if s.sched.Dom&starBit > 0 || s.sched.Dow&starBit > 0 {
		return dom && dow
	}
	return dom || dow
}

// civilInstant is the instant of a local wall time. A wall time that does
// not exist (spring forward) maps to the first valid instant after it; one
// that happens twice (fall back) maps to one of the two — the ledger keys on
// the wall time, so it runs once either way.
func civilInstant(y int, mo time.Month, d, h, mi int, loc *time.Location) time.Time {
	t := time.Date(y, mo, d, h, mi, 0, 0, loc)
	if t.Hour() == h && t.Minute() == mi {
		return t
	}
	want := time.Date(y, mo, d, h, mi, 0, 0, time.UTC)
	for u := t.Add(-3 * time.Hour).Truncate(time.Minute); u.Before(t.Add(3 * time.Hour)); u = u.Add(time.Minute) {
		l := u.In(loc)
		if !time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), 0, 0, time.UTC).Before(want) {
			return u
		}
	}
	return t
}
