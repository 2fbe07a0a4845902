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

// slashed reads numeric dates: "8/12", "8/12/2026", "8/12/26". Which
// number is the month follows order; with Ask, a date whose numbers could
// be either gives both readings as choices ("8/12"), and one that can only
// be one ("12/15", "15/12") is that one. Without a year it must follow
// "by" or the like, as "grades 9/10" is not a date.
func slashed(w []string, today Date, order Order) (result, bool) {
	if len(w) != 1 {
		return result{}, false
	}
	p := strings.Split(w[0], "/")
	if len(p) < 2 || len(p) > 3 || !digits(p[0], 1, 2) || !digits(p[1], 1, 2) {
		return result{}, false
	}
	y := 0
	if len(p) == 3 {
		if !digits(p[2], 2, 2) && !digits(p[2], 4, 4) {
			return result{}, false
		}
		if y = atoi(p[2]); y < 100 {
			y += today.Year / 100 * 100
		}
	}
	a, b := atoi(p[0]), atoi(p[1])
	read := func(m, d int) (Date, error) {
		if y == 0 {
			return nextOccurrence(m, d, w[0], today)
		}
		return build(y, m, d, w[0], today)
	}
	r := result{bare: y != 0, explicit: true}
	switch {
	case order == MDY:
		r.date, r.err = read(a, b)
	case order == DMY:
		r.date, r.err = read(b, a)
	default:
		r = bothWays(r, read, a, b)
	}
	return r, true
}

// bothWays reads a numeric date month first and day first: one valid
// reading is the date; two different ones are the choices.
func bothWays(r result, read func(m, d int) (Date, error), a, b int) result {
	mdy, errM := read(a, b)
	dmy, errD := read(b, a)
	switch {
	case errM == nil && errD == nil && mdy != dmy:
		r.choices = []Date{dmy, mdy}
	case errM == nil:
		r.date = mdy
	case errD == nil:
		r.date = dmy
	default:
		r.err = errM
	}
	return r
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

// dayOfMonth reads "the 15th", "the 15" and "15th": the next 15th from
// today on. It needs an introducer.
func dayOfMonth(w []string, today Date) (result, bool) {
	if len(w) == 2 && w[0] == "the" {
		w = w[1:]
	} else if len(w) != 1 || digits(w[0], 1, 2) {
		return result{}, false // "15" alone is a number
	}
	if len(w) != 1 {
		return result{}, false
	}
	d, ok := dayNumber(w[0])
	if !ok {
		return result{}, false
	}
	r := nextDayOfMonth(d, strings.Join(w, " "), today)
	r.explicit = false
	return r, true
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
		return errorf("There is no month %d in %s. To be clear, write the month as a word, like `by %s`.", m, raw, today.AddDays(14).short())
	}
	return errorf("There is no month %d in %s. Write dates as year-month-day, like `by %s`.", m, raw, today.AddDays(14))
}
