package dates

import (
	"strings"
	"time"
)

// weekdayAndDate reads a weekday with a week or a date: "Friday next week",
// "next week Friday", "Friday this week", "Friday after next", "Friday Dec
// 11", "Fri the 11th", "Dec 11 (Friday)". A weekday that is not the date's
// own makes two choices: the date, and that weekday in the date's week.
func weekdayAndDate(w []string, today Date, order Order) (result, bool) {
	if len(w) < 2 {
		return result{}, false
	}
	if w[0] == "next" && len(w) >= 3 && w[1] == "week" {
		if day, _, ok := weekdayOf(w[len(w)-1]); ok && (len(w) == 3 || len(w) == 4 && w[2] == "on") {
			return result{date: inWeek(today.monday().AddDays(7), day), bare: true}, true
		}
	}
	day, _, ok := weekdayOf(w[0])
	rest := w[1:]
	if !ok {
		if day, _, ok = weekdayOf(w[len(w)-1]); !ok {
			return result{}, false
		}
		rest = w[:len(w)-1]
	}
	if len(rest) > 0 && rest[0] == "of" {
		rest = rest[1:]
	}
	if r, ok := weekdayInWeek(day, strings.Join(rest, " "), today); ok {
		return r, true
	}
	return weekdayOfDate(day, rest, today, order)
}

// weekdayInWeek reads "next week", "this week", "after next", "the week
// after next" after a weekday.
func weekdayInWeek(day time.Weekday, rest string, today Date) (result, bool) {
	switch rest {
	case "next week", "next wk":
		return result{date: inWeek(today.monday().AddDays(7), day), bare: true}, true
	case "this week":
		return result{date: inWeek(today.monday(), day), bare: true}, true
	case "after next", "the week after next", "week after next":
		return result{date: inWeek(today.monday().AddDays(14), day), bare: true}, true
	case "coming", "this coming":
		return result{date: strictlyAfter(today, day), bare: true}, true
	}
	return result{}, false
}

// weekdayOfDate reads a weekday with a date, and asks when they disagree.
func weekdayOfDate(day time.Weekday, rest []string, today Date, order Order) (result, bool) {
	r, ok := dayOnly(rest, today)
	if !ok {
		r, ok = recognizeDay(rest, today, order)
		if !ok || !r.explicit {
			return result{}, false
		}
	}
	r.bare, r.explicit = true, true
	if r.err != nil {
		return r, true
	}
	if len(r.choices) > 1 {
		for _, c := range r.choices {
			if c.Weekday() == day {
				return result{date: c, bare: true, explicit: true}, true
			}
		}
		return r, true
	}
	if r.date.Weekday() != day {
		other := inWeek(r.date.monday(), day)
		if other.Before(today) {
			other = other.AddDays(7)
		}
		r.choices, r.date = []Date{r.date, other}, Date{}
	}
	return r, true
}

// dayOnly reads a day of the month after a weekday: "the 11th", "11th",
// "11": the next such day from today on.
func dayOnly(w []string, today Date) (result, bool) {
	if len(w) > 0 && w[0] == "the" {
		w = w[1:]
	}
	if len(w) != 1 {
		return result{}, false
	}
	d, ok := dayNumber(w[0])
	if !ok {
		return result{}, false
	}
	return nextDayOfMonth(d, w[0], today), true
}

// nextDayOfMonth is day d of this month, or of next month when it is past.
func nextDayOfMonth(d int, raw string, today Date) result {
	m := Date{today.Year, today.Month, 1}
	if d < today.Day {
		m = m.addMonths(1)
	}
	date, err := build(m.Year, int(m.Month), d, raw, today)
	return result{date: date, err: err, explicit: true}
}

// inWeek returns weekday day of the week starting on Monday monday.
func inWeek(monday Date, day time.Weekday) Date {
	return monday.AddDays(isoWeekday(day) - 1)
}

// strictlyAfter returns the first weekday day after today.
func strictlyAfter(today Date, day time.Weekday) Date {
	ahead := (isoWeekday(day) - isoWeekday(today.Weekday()) + 7) % 7
	if ahead == 0 {
		ahead = 7
	}
	return today.AddDays(ahead)
}

// fromNow reads "2 weeks from now", "a week from today", "3 days from
// tomorrow".
func fromNow(w []string, today Date) (result, bool) {
	if len(w) != 4 || w[2] != "from" {
		return result{}, false
	}
	start := today
	switch w[3] {
	case "now", "today":
	case "tomorrow":
		start = today.AddDays(1)
	default:
		return result{}, false
	}
	r, ok := inDuration([]string{"in", w[0], w[1]}, start)
	r.bare = true
	return r, ok
}

// vague refuses phrases that name no one day: "soon", "ASAP", "Q1", "mid
// December", "early next week", "sometime next week", "the weekend",
// "December". Most may end a line bare and are errors there too, as they
// are plainly meant as a date; a month alone or the weekend needs an
// introducer.
func vague(w []string, today Date, order Order) (result, bool) {
	phrase := strings.Join(w, " ")
	refuse := func(bare bool) (result, bool) {
		return result{err: errVagueWord(phrase, today), bare: bare, explicit: bare}, true
	}
	switch phrase {
	case "soon", "asap", "as soon as possible", "eventually", "whenever", "sometime", "someday", "some day",
		"next few days", "the next few days", "in a few days", "in a few weeks", "in a couple of days or so",
		"this quarter", "next quarter", "end of quarter", "end of the quarter":
		return refuse(true)
	case "this weekend", "next weekend", "over the weekend":
		return refuse(true)
	case "weekend", "the weekend", "later", "later on":
		return refuse(false)
	}
	// "in Q1", "in May", "in spring" are plainly times, and vague; "Q1",
	// "May" or "spring" alone may be a topic ("Review Q4") and need an
	// introducer.
	if w[0] == "in" && len(w) > 1 && isPeriod(w[1:]) {
		return refuse(true)
	}
	if isPeriod(w) {
		return refuse(false)
	}
	if len(w) == 1 {
		if mod, rest, ok := strings.Cut(w[0], "-"); ok && isVagueModifier(mod) && rest != "" {
			if _, ok := monthOf(rest); ok || rest == "month" || rest == "week" {
				return refuse(true)
			}
		}
		return result{}, false
	}
	if w[0] == "the" {
		w = w[1:] // "the beginning of January"
	}
	if len(w) < 2 || !isVagueModifier(w[0]) && !isVaguePart(w) {
		return result{}, false
	}
	rest := w[1:]
	if isVaguePart(w) {
		rest = w[2:]
	}
	if len(rest) > 0 && rest[0] == "the" {
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return result{}, false
	}
	if spansDays(rest) {
		return refuse(true)
	}
	if isVaguePart(w) {
		return result{}, false
	}
	// "early Friday", "sometime tomorrow": a time of that day.
	return recognizeDay(rest, today, order)
}

// spansDays reports whether w names a span of days: a week, a month, a
// quarter, a year.
func spansDays(w []string) bool {
	for _, s := range w {
		if _, ok := monthOf(s); ok || isQuarter(s) {
			return true
		}
		switch s {
		case "week", "month", "year", "weekend", "quarter", "wk":
			return true
		}
	}
	return false
}

// isVagueModifier: "early next week", "mid December", "sometime Friday".
func isVagueModifier(s string) bool {
	switch s {
	case "sometime", "early", "mid", "late", "middle", "roughly", "approximately", "approx":
		return true
	}
	return false
}

// isVaguePart: "beginning of January", "start of next week", "middle of
// the month".
func isVaguePart(w []string) bool {
	return len(w) >= 3 && w[1] == "of" && (w[0] == "beginning" || w[0] == "start" || w[0] == "middle")
}

// isPeriod: a quarter, a season or a month, with a year or not.
func isPeriod(w []string) bool {
	if len(w) > 2 || len(w) == 2 && !digits(w[1], 4, 4) {
		return false
	}
	_, month := monthOf(w[0])
	return month || isQuarter(w[0]) || isSeason(w[0])
}

func isSeason(s string) bool {
	switch s {
	case "spring", "summer", "fall", "autumn", "winter":
		return true
	}
	return false
}

func isQuarter(s string) bool {
	return len(s) == 2 && s[0] == 'q' && s[1] >= '1' && s[1] <= '4'
}

// quarterEnd returns the last day of quarter q ("q1"…"q4") from today on.
func quarterEnd(q string, today Date) Date {
	m := time.Month(int(q[1]-'0') * 3)
	d := Date{today.Year, m, daysIn(today.Year, m)}
	if d.Before(today) {
		d.Year++
	}
	return d
}

// monthEnd returns the last day of month m from today on, or of year y
// when y is not 0.
func monthEnd(m time.Month, y int, today Date) Date {
	if y == 0 {
		y = today.Year
		if m < today.Month {
			y++
		}
	}
	return Date{y, m, daysIn(y, m)}
}
