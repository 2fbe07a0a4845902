package dates

import (
	"strconv"
	"strings"
	"time"
)

// keyword reads "today", "tomorrow", "next week" and the like.
func keyword(w []string, today Date) (result, bool) {
	switch phrase := strings.Join(w, " "); phrase {
	case "today", "tonight":
		return result{date: today, bare: true}, true
	case "tomorrow", "tmrw", "tmr":
		return result{date: today.AddDays(1), bare: true}, true
	case "day after tomorrow", "the day after tomorrow", "overmorrow":
		return result{date: today.AddDays(2), bare: true}, true
	case "yesterday":
		return result{date: today.AddDays(-1)}, true
	case "christmas", "christmas day", "xmas":
		return result{date: nextOn(time.December, 25, today)}, true
	case "christmas eve":
		return result{date: nextOn(time.December, 24, today)}, true
	case "new year's eve", "new years eve", "nye":
		return result{date: nextOn(time.December, 31, today)}, true
	case "new year's day", "new years day", "new year's", "new year":
		return result{date: nextOn(time.January, 1, today)}, true
	case "next week":
		return result{date: today.monday().AddDays(7), bare: true}, true
	case "this week", "this month", "next month", "this year", "next year":
		return result{err: errVague(phrase, today)}, true
	}
	return result{}, false
}

func errVague(phrase string, today Date) *Error {
	instead := "`by end of " + phrase + "`"
	if phrase == "next year" {
		instead = "a date"
	}
	return errorf("%q could be any day. Say %s, or give a date like `by %s`.",
		phrase, instead, today.AddDays(14).short())
}

// nextOn returns day d of month m from today on.
func nextOn(m time.Month, d int, today Date) Date {
	date := Date{today.Year, m, d}
	if date.Before(today) {
		date.Year++
	}
	return date
}

// short returns d as "Dec 15".
func (d Date) short() string { return d.Month.String()[:3] + " " + strconv.Itoa(d.Day) }

// endOf reads "end of the month", "end of next week", "eom" and the like.
func endOf(w []string, today Date) (result, bool) {
	if len(w) == 1 {
		w = expandEnd(w[0])
	}
	if len(w) > 0 && w[0] == "the" {
		w = w[1:]
	}
	if len(w) < 3 || w[0] != "end" || w[1] != "of" {
		return result{}, false
	}
	rest := w[2:]
	if rest[0] == "the" || rest[0] == "this" {
		rest = rest[1:]
	}
	d, ok := endOfPeriod(strings.Join(rest, " "), today)
	return result{date: d, bare: true}, ok
}

// expandEnd spells out "eod", "eow", "eom" and "eoy".
func expandEnd(abbr string) []string {
	period := map[string]string{"eod": "day", "eow": "week", "eom": "month", "eoy": "year"}[abbr]
	if period == "" {
		return nil
	}
	return []string{"end", "of", period}
}

// endOfPeriod returns the last day of "week", "month", "next month"...
func endOfPeriod(period string, today Date) (Date, bool) {
	switch period {
	case "day", "today":
		return today, true
	case "week":
		if isoWeekday(today.Weekday()) > 5 {
			return today.monday().AddDays(11), true
		}
		return today.monday().AddDays(4), true
	case "next week":
		return today.monday().AddDays(11), true
	case "month":
		return Date{today.Year, today.Month, daysIn(today.Year, today.Month)}, true
	case "next month":
		next := Date{today.Year, today.Month, 1}.addMonths(1)
		return Date{next.Year, next.Month, daysIn(next.Year, next.Month)}, true
	case "year":
		return Date{today.Year, time.December, 31}, true
	case "next year":
		return Date{today.Year + 1, time.December, 31}, true
	}
	return endOfNamed(strings.Fields(period), today)
}

// endOfNamed reads "january", "jan 2027", "q1": the last day of that month
// or quarter from today on.
func endOfNamed(w []string, today Date) (Date, bool) {
	if len(w) == 0 || len(w) > 2 || len(w) == 2 && !digits(w[1], 4, 4) {
		return Date{}, false
	}
	y := 0
	if len(w) == 2 {
		y = atoi(w[1])
	}
	if m, ok := monthOf(w[0]); ok {
		return monthEnd(m, y, today), true
	}
	if isQuarter(w[0]) && y == 0 {
		return quarterEnd(w[0], today), true
	}
	return Date{}, false
}

// weekday reads "Friday", "Fri", "this Friday" and "next Friday".
func weekday(w []string, today Date) (result, bool) {
	which := ""
	if len(w) == 3 && (w[0] == "this" || w[0] == "the") && w[1] == "coming" {
		w = w[1:] // "this coming Friday": the next one after today
	}
	if len(w) == 2 && (w[0] == "this" || w[0] == "next" || w[0] == "coming") {
		which, w = w[0], w[1:]
	}
	if len(w) != 1 {
		return result{}, false
	}
	day, full, ok := weekdayOf(w[0])
	if !ok {
		return result{}, false
	}
	ahead := (isoWeekday(day) - isoWeekday(today.Weekday()) + 7) % 7
	switch {
	case which == "next":
		ahead = 7 + isoWeekday(day) - isoWeekday(today.Weekday())
	case (which == "" || which == "coming") && ahead == 0:
		ahead = 7
	}
	return result{date: today.AddDays(ahead), bare: full || which != ""}, true
}

// weekdayOf reads a weekday's name; full is false for an abbreviation.
func weekdayOf(s string) (day time.Weekday, full, ok bool) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if s == name || s == name[:3] {
			return d, s == name, true
		}
	}
	switch s {
	case "tues":
		return time.Tuesday, false, true
	case "weds":
		return time.Wednesday, false, true
	case "thur", "thurs":
		return time.Thursday, false, true
	}
	return 0, false, false
}

// inDuration reads "in 3 days", "in a week", "in two months", "within 2
// weeks", "in 2 weeks' time", "in a couple of weeks", "in a fortnight",
// "in 3 business days".
func inDuration(w []string, today Date) (result, bool) {
	if len(w) < 3 || (w[0] != "in" && w[0] != "within") {
		return result{}, false
	}
	w = w[1:]
	if w[len(w)-1] == "time" {
		w = w[:len(w)-1]
	}
	if len(w) >= 3 && w[0] == "a" && w[1] == "couple" {
		w = append([]string{"two"}, w[2:]...)
		if w[1] == "of" {
			w = append(w[:1], w[2:]...)
		}
	}
	if len(w) == 3 && (w[1] == "business" || w[1] == "working" || w[1] == "work") && strings.TrimSuffix(w[2], "s") == "day" {
		n, ok := count(w[0])
		return result{date: addWorkdays(today, n), bare: true}, ok
	}
	if len(w) != 2 {
		return result{}, false
	}
	n, ok := count(w[0])
	if !ok {
		return result{}, false
	}
	var d Date
	switch strings.TrimSuffix(w[1], "s") {
	case "day":
		d = today.AddDays(n)
	case "week", "wk":
		d = today.AddDays(7 * n)
	case "fortnight":
		d = today.AddDays(14 * n)
	case "month":
		d = today.addMonths(n)
	case "year", "yr":
		d = today.addMonths(12 * n)
	default:
		return result{}, false
	}
	return result{date: d, bare: true}, true
}

// addWorkdays moves n days from Monday to Friday ahead of d.
func addWorkdays(d Date, n int) Date {
	for n > 0 && n < 1000 {
		d = d.AddDays(1)
		if isoWeekday(d.Weekday()) <= 5 {
			n--
		}
	}
	return d
}

// count reads a small count: digits, "a", "an", or "one" to "twelve".
func count(s string) (int, bool) {
	if digits(s, 1, 4) {
		n, _ := strconv.Atoi(s)
		return n, true
	}
	words := []string{"a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
	for i, word := range words {
		if s == word {
			return max(i, 1), true
		}
	}
	if s == "an" {
		return 1, true
	}
	return 0, false
}

// digits reports whether s is all ASCII digits, with a length from lo to hi.
func digits(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
