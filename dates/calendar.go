package dates

import (
	"strconv"
	"strings"
	"time"
)

// iso reads "2026-12-15".
func iso(w []string, today Date) (result, bool) {
	if len(w) != 1 {
		return result{}, false
	}
	p := strings.Split(w[0], "-")
	if len(p) != 3 || !digits(p[0], 4, 4) || !digits(p[1], 1, 2) || !digits(p[2], 1, 2) {
		return result{}, false
	}
	d, err := build(atoi(p[0]), atoi(p[1]), atoi(p[2]), w[0], today)
	return result{date: d, err: err, bare: true, explicit: true}, true
}

// slashed reads US dates, month first: "12/15", "12/15/2026", "12/15/26".
// Without a year it must follow "by" or the like, as "grades 9/10" is not
// a date.
func slashed(w []string, today Date) (result, bool) {
	if len(w) != 1 {
		return result{}, false
	}
	p := strings.Split(w[0], "/")
	if len(p) < 2 || len(p) > 3 || !digits(p[0], 1, 2) || !digits(p[1], 1, 2) {
		return result{}, false
	}
	m, d := atoi(p[0]), atoi(p[1])
	if len(p) == 2 {
		date, err := nextOccurrence(m, d, w[0], today)
		return result{date: date, err: err, explicit: true}, true
	}
	if !digits(p[2], 2, 2) && !digits(p[2], 4, 4) {
		return result{}, false
	}
	y := atoi(p[2])
	if y < 100 {
		y += today.Year / 100 * 100
	}
	date, err := build(y, m, d, w[0], today)
	return result{date: date, err: err, bare: true, explicit: true}, true
}

// monthDay reads "Dec 15", "15 December", "15th of Dec", with or without a
// year after them.
func monthDay(w []string, today Date) (result, bool) {
	if len(w) > 0 && w[0] == "the" {
		w = w[1:]
	}
	m, d, rest, ok := splitMonthDay(w)
	if !ok || len(rest) > 1 || (len(rest) == 1 && !digits(rest[0], 4, 4)) {
		return result{}, false
	}
	raw := strings.Join(w, " ")
	var date Date
	var err error
	if len(rest) == 0 {
		date, err = nextOccurrence(int(m), d, raw, today)
	} else {
		date, err = build(atoi(rest[0]), int(m), d, raw, today)
	}
	return result{date: date, err: err, bare: true, explicit: true}, true
}

// splitMonthDay reads the month and day at the start of w and returns the
// words after them.
func splitMonthDay(w []string) (m time.Month, d int, rest []string, ok bool) {
	if len(w) < 2 {
		return 0, 0, nil, false
	}
	if m, ok := monthOf(w[0]); ok {
		d, ok := dayNumber(w[1])
		return m, d, w[2:], ok
	}
	d, ok = dayNumber(w[0])
	if !ok {
		return 0, 0, nil, false
	}
	rest = w[1:]
	if rest[0] == "of" && len(rest) > 1 {
		rest = rest[1:]
	}
	m, ok = monthOf(rest[0])
	return m, d, rest[1:], ok
}

// dayOfMonth reads "the 15th": the next 15th from today on.
func dayOfMonth(w []string, today Date) (result, bool) {
	if len(w) != 2 || w[0] != "the" || digits(w[1], 1, 2) {
		return result{}, false
	}
	d, ok := dayNumber(w[1])
	if !ok {
		return result{}, false
	}
	m := Date{today.Year, today.Month, 1}
	if d < today.Day {
		m = m.addMonths(1)
	}
	date, err := build(m.Year, int(m.Month), d, strings.Join(w, " "), today)
	return result{date: date, err: err}, true
}

// monthOf reads a month's name, full or abbreviated ("dec", "sept").
func monthOf(s string) (time.Month, bool) {
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if s == name || s == name[:3] {
			return m, true
		}
	}
	return time.September, s == "sept"
}

// dayNumber reads "15" or "15th".
func dayNumber(s string) (int, bool) {
	for _, suffix := range []string{"st", "nd", "rd", "th"} {
		if t, ok := strings.CutSuffix(s, suffix); ok {
			s = t
			break
		}
	}
	if !digits(s, 1, 2) {
		return 0, false
	}
	return atoi(s), true
}

// atoi converts a string already checked to hold a few digits.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// nextOccurrence returns month m, day d of this year, or of next year when
// that is already past.
func nextOccurrence(m, d int, raw string, today Date) (Date, error) {
	y := today.Year
	if (Date{y, time.Month(m), d}).Before(today) {
		y++
	}
	return build(y, m, d, raw, today)
}

// build checks that year y has month m and day d; raw is what the user
// wrote, for the message.
func build(y, m, d int, raw string, today Date) (Date, error) {
	if m < 1 || m > 12 {
		return Date{}, errNoMonth(m, raw, today)
	}
	month := time.Month(m)
	if n := daysIn(y, month); d < 1 || d > n {
		return Date{}, errorf("There is no %s %d: %s %d has %d days. Give a day that exists, like `by %s`.",
			month, d, month, y, n, Date{y, month, min(max(d, 1), n)}.short())
	}
	return Date{Year: y, Month: month, Day: d}, nil
}

func errNoMonth(m int, raw string, today Date) *Error {
	if strings.Contains(raw, "/") {
		return errorf("There is no month %d in %s: dates with slashes are month first, like 12/15 for 15 December. To be clear, write the month as a word, like `by 15 Dec`.", m, raw)
	}
	return errorf("There is no month %d in %s. Write dates as year-month-day, like `by %s`.", m, raw, today.AddDays(14))
}
