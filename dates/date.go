package dates

import (
	"cmp"
	"fmt"
	"time"
)

// Date is a calendar date with no time of day and no location.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Today returns the calendar date of now in loc (UTC when loc is nil).
func Today(now time.Time, loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	return Of(now.In(loc))
}

// Of returns the calendar date of t in t's own location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsZero reports whether d is the zero Date, meaning no date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as "2026-12-04", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Human returns d for people, as "Fri 4 Dec", adding the year ("Fri 4 Dec
// 2027") when it is not now's year, or "" for the zero Date. Pass now in the
// reader's location (now.In(loc)) so the year is theirs.
func (d Date) Human(now time.Time) string { return d.human(now.Year()) }

func (d Date) human(thisYear int) string {
	if d.IsZero() {
		return ""
	}
	s := fmt.Sprintf("%s %d %s", d.Weekday().String()[:3], d.Day, d.Month.String()[:3])
	if d.Year != thisYear {
		s += fmt.Sprintf(" %d", d.Year)
	}
	return s
}

// Time returns midnight at the start of d in loc (UTC when loc is nil); on
// the rare days when midnight is skipped by a clock change, the first
// instant of the day.
func (d Date) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	return cmp.Or(cmp.Compare(d.Year, o.Year), cmp.Compare(d.Month, o.Month), cmp.Compare(d.Day, o.Day))
}

// Before reports whether d comes before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d comes after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Equal reports whether d and o are the same day.
func (d Date) Equal(o Date) bool { return d == o }

// AddDays returns d moved n days, forward or back.
func (d Date) AddDays(n int) Date {
	return Of(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Weekday returns d's day of the week.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// addMonths moves d n calendar months, clamping the day to the month's end.
func (d Date) addMonths(n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 12, 0, 0, 0, time.UTC)
	return Date{Year: first.Year(), Month: first.Month(), Day: min(d.Day, daysIn(first.Year(), first.Month()))}
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// isoWeekday numbers the days Monday 1 to Sunday 7.
func isoWeekday(w time.Weekday) int { return (int(w)+6)%7 + 1 }

// monday returns the Monday of d's week.
func (d Date) monday() Date { return d.AddDays(1 - isoWeekday(d.Weekday())) }
