package measure

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	yearRe     = regexp.MustCompile(`^(\d{4})$`)
	monthRe    = regexp.MustCompile(`^(\d{4})[-/](\d{1,2})$`)
	quarterRe  = regexp.MustCompile(`^(\d{4})-?q(\d)$`)
	quarterRe2 = regexp.MustCompile(`^q(\d)[- ]?(\d{4})$`)
	relativeRe = regexp.MustCompile(`^(last|previous|this|next) (month|quarter|year)$`)
)

// ParsePeriod reads a period of cadence c; relative phrases ("last
// quarter") count from now, the coalition's local time. The error says
// what to write instead.
func ParsePeriod(s string, c Cadence, now time.Time) (Period, error) {
	p, err := parseAny(s, c, now)
	if err != nil {
		return Period{}, err
	}
	if p.Cadence != c {
		return Period{}, errCadence(s, p, c, now)
	}
	return p, nil
}

// ParseAnyPeriod reads a period of any cadence, as in a date range.
func ParseAnyPeriod(s string, now time.Time) (Period, error) { return parseAny(s, "", now) }

// ReportPeriod is the period a report is for: s read by ParsePeriod, or,
// when s is empty, the last closed period. A period still running or in
// the future is refused.
func ReportPeriod(s string, c Cadence, now time.Time) (Period, error) {
	if strings.TrimSpace(s) == "" {
		return LastClosed(c, now), nil
	}
	p, err := ParsePeriod(s, c, now)
	if err != nil {
		return Period{}, err
	}
	if p.Closed(now) {
		return p, nil
	}
	last := LastClosed(c, now)
	if p == PeriodOf(c, now) {
		return Period{}, errorf("%s is still running (it ends on %s). Report it once it is over, or report %s, the last %s that has ended.",
			p, p.End().Format("2 Jan 2006"), last, c.noun())
	}
	return Period{}, errorf("%s is in the future. Report a %s that has ended, such as %s.", p, c.noun(), last)
}

// parseAny reads any period form; c (may be empty) only tailors the error.
func parseAny(s string, c Cadence, now time.Time) (Period, error) {
	norm := strings.Join(strings.Fields(strings.ToLower(s)), " ")
	if norm == "" {
		return Period{}, errUnreadablePeriod(s, c, now)
	}
	if m := relativeRe.FindStringSubmatch(norm); m != nil {
		return relative(m[1], Cadence(map[string]string{"month": "monthly", "quarter": "quarterly", "year": "yearly"}[m[2]]), now), nil
	}
	p, ok, err := absolute(norm)
	switch {
	case err != nil:
		return Period{}, err
	case !ok:
		return Period{}, errUnreadablePeriod(s, c, now)
	case p.Year < minYear || p.Year > maxYear:
		return Period{}, errorf("The year %d looks like a typo. Give a year from %d on, such as %d.", p.Year, minYear, now.Year())
	}
	return p, nil
}

func relative(which string, c Cadence, now time.Time) Period {
	cur := PeriodOf(c, now)
	switch which {
	case "last", "previous":
		return cur.Prev()
	case "next":
		return cur.Next()
	}
	return cur
}

// absolute reads "2026", "2026-11" and "2026-Q3" forms; ok is false when s
// is none of them.
func absolute(s string) (Period, bool, error) {
	if m := yearRe.FindStringSubmatch(s); m != nil {
		return Period{Cadence: Yearly, Year: atoi(m[1])}, true, nil
	}
	if m := monthRe.FindStringSubmatch(s); m != nil {
		y, n := atoi(m[1]), atoi(m[2])
		if n < 1 || n > 12 {
			return Period{}, false, errorf("There is no month %d: write the month as 01 to 12, as in %04d-11.", n, y)
		}
		return Period{Cadence: Monthly, Year: y, N: n}, true, nil
	}
	y, q, ok := quarterParts(s)
	if !ok {
		return Period{}, false, nil
	}
	if q < 1 || q > 4 {
		return Period{}, false, errorf("There is no quarter Q%d: quarters are Q1 to Q4, as in %04d-Q3.", q, y)
	}
	return Period{Cadence: Quarterly, Year: y, N: q}, true, nil
}

func quarterParts(s string) (year, q int, ok bool) {
	if m := quarterRe.FindStringSubmatch(s); m != nil {
		return atoi(m[1]), atoi(m[2]), true
	}
	if m := quarterRe2.FindStringSubmatch(s); m != nil {
		return atoi(m[2]), atoi(m[1]), true
	}
	return 0, 0, false
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// example is a period of cadence c to show in messages: the last closed one.
func example(c Cadence, now time.Time) string {
	if !c.Valid() {
		c = Quarterly
	}
	return LastClosed(c, now).String()
}

func errUnreadablePeriod(s string, c Cadence, now time.Time) *Error {
	if c.Valid() {
		return errorf("I couldn't read %q as a %s. Write one like %s, or `last %s`.", snippet(s, 30), c.noun(), example(c, now), c.noun())
	}
	return errorf("I couldn't read %q as a period. Write a month like %s, a quarter like %s or a year like %s.",
		snippet(s, 30), example(Monthly, now), example(Quarterly, now), example(Yearly, now))
}

func errCadence(s string, got Period, c Cadence, now time.Time) *Error {
	return errorf("This indicator is reported %s, so give a %s such as %s or `last %s` (%q is a %s).",
		c, c.noun(), example(c, now), c.noun(), snippet(strings.TrimSpace(s), 30), got.Cadence.noun())
}
