package measure

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Cadence is how often an indicator is reported.
type Cadence string

// The cadences.
const (
	Monthly   Cadence = "monthly"
	Quarterly Cadence = "quarterly"
	Yearly    Cadence = "yearly"
)

// Cadences lists the cadences, shortest first.
func Cadences() []Cadence { return []Cadence{Monthly, Quarterly, Yearly} }

// Valid reports whether c is a known cadence.
func (c Cadence) Valid() bool { return slices.Contains(Cadences(), c) }

// noun is what one period of the cadence is called.
func (c Cadence) noun() string {
	switch c {
	case Monthly:
		return "month"
	case Quarterly:
		return "quarter"
	}
	return "year"
}

// Period is one reporting period: a month, a quarter or a year.
type Period struct {
	Cadence Cadence
	Year    int
	// N is the month (1–12) or the quarter (1–4); 0 for a year.
	N int
}

// Years a period may be in: earlier ones are typos.
const (
	minYear = 1950
	maxYear = 2200
)

// String is the period's canonical form: "2026-11", "2026-Q3" or "2026".
func (p Period) String() string {
	switch p.Cadence {
	case Monthly:
		return fmt.Sprintf("%04d-%02d", p.Year, p.N)
	case Quarterly:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.N)
	}
	return fmt.Sprintf("%04d", p.Year)
}

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool { return p == Period{} }

// Human names the period for people: "November 2026", "Q3 2026", "2026".
func (p Period) Human() string {
	switch p.Cadence {
	case Monthly:
		return time.Month(p.N).String() + " " + strconv.Itoa(p.Year)
	case Quarterly:
		return fmt.Sprintf("Q%d %d", p.N, p.Year)
	}
	return strconv.Itoa(p.Year)
}

// firstMonth is the first month of the period.
func (p Period) firstMonth() int {
	switch p.Cadence {
	case Monthly:
		return p.N
	case Quarterly:
		return 3*(p.N-1) + 1
	}
	return 1
}

// months is the number of months in a period of the cadence.
func (c Cadence) months() int {
	switch c {
	case Monthly:
		return 1
	case Quarterly:
		return 3
	}
	return 12
}

// Start is the period's first day, as midnight UTC.
func (p Period) Start() time.Time {
	return time.Date(p.Year, time.Month(p.firstMonth()), 1, 0, 0, 0, 0, time.UTC)
}

// End is the period's last day, as midnight UTC.
func (p Period) End() time.Time { return p.Next().Start().AddDate(0, 0, -1) }

// Next is the period after p.
func (p Period) Next() Period { return p.add(1) }

// Prev is the period before p.
func (p Period) Prev() Period { return p.add(-1) }

// add moves p by n periods of its cadence.
func (p Period) add(n int) Period {
	if p.Cadence == Yearly {
		return Period{Cadence: Yearly, Year: p.Year + n}
	}
	per := 12 / p.Cadence.months()
	i := p.Year*per + p.N - 1 + n
	return Period{Cadence: p.Cadence, Year: floorDiv(i, per), N: i - floorDiv(i, per)*per + 1}
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// Compare orders periods by their start, then by length.
func (p Period) Compare(o Period) int {
	if c := p.Start().Compare(o.Start()); c != 0 {
		return c
	}
	return p.Cadence.months() - o.Cadence.months()
}

// PeriodOf is the period of cadence c that contains day's calendar date
// (read in day's own location).
func PeriodOf(c Cadence, day time.Time) Period {
	y, m := day.Year(), int(day.Month())
	switch c {
	case Monthly:
		return Period{Cadence: Monthly, Year: y, N: m}
	case Quarterly:
		return Period{Cadence: Quarterly, Year: y, N: (m-1)/3 + 1}
	}
	return Period{Cadence: Yearly, Year: y}
}

// LastClosed is the newest period of cadence c that has ended by now (in
// the coalition's location).
func LastClosed(c Cadence, now time.Time) Period { return PeriodOf(c, now).Prev() }

// Closed reports whether p has ended by now (in the coalition's location).
func (p Period) Closed(now time.Time) bool {
	return p.Compare(PeriodOf(p.Cadence, now)) < 0
}

// ClosedOn is the first day after the period, when it counts as closed.
func (p Period) ClosedOn() time.Time { return p.Next().Start() }

// Recent lists the n periods ending with last, oldest first.
func Recent(last Period, n int) []Period {
	out := make([]Period, n)
	for i := range out {
		out[n-1-i] = last.add(-i)
	}
	return out
}
