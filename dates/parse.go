package dates

import (
	"strings"
	"time"
	"unicode"
)

// Order says how to read a numeric date such as "8/12": month first (MDY,
// as in the US), day first (DMY, as in most of the world), or neither, so
// that a date that could be either is asked about (Ask, the default).
type Order int

// The orders of numeric dates.
const (
	Ask Order = iota
	MDY
	DMY
)

// Reading is what a date phrase means: one date, or, when the phrase could
// mean two ("8/12", "Friday Dec 15" when the 15th is a Tuesday), the two
// Choices, and Date is then zero.
type Reading struct {
	Date    Date
	Choices []Date
}

// Ambiguous reports whether the reading needs the writer to choose.
func (r Reading) Ambiguous() bool { return len(r.Choices) > 1 }

// result is what a recognised phrase means.
type result struct {
	date Date
	// choices: two readings of an ambiguous phrase; date is then zero.
	choices []Date
	err     error
	// bare: the phrase may end a line without an introducer such as "by".
	bare bool
	// explicit: a calendar date (or a vague phrase), whose errors count even
	// without an introducer.
	explicit bool
}

// Parse reads a date phrase such as "Friday", "2026-12-15" or "in 3 days",
// relative to the calendar date of now in loc (UTC when loc is nil). See the
// package documentation for the phrases and how ambiguous ones are read.
// Errors are *Error: an unreadable phrase, a day that does not exist, a date
// in the past, or a phrase that could mean two dates (Read offers both).
func Parse(phrase string, now time.Time, loc *time.Location) (Date, error) {
	r, err := Read(phrase, now, loc, Ask)
	if err == nil && r.Ambiguous() {
		return Date{}, errAmbiguous(strings.TrimSpace(phrase), r.Choices, Today(now, loc))
	}
	return r.Date, err
}

// Read is Parse with numeric dates read in order; a phrase that could mean
// two dates gives both as Choices.
func Read(phrase string, now time.Time, loc *time.Location, order Order) (Reading, error) {
	today := Today(now, loc)
	words := normalize(phrase)
	raw := strings.TrimSpace(phrase)
	if len(words) > 1 && isIntroducer(words[0]) {
		words = words[1:]
		if _, rest, ok := strings.Cut(raw, " "); ok {
			raw = rest
		}
	}
	r, ok := recognize(words, today, order)
	if !ok {
		return Reading{}, errUnreadable(strings.TrimSpace(phrase), today)
	}
	return Reading{Date: r.date, Choices: r.choices}, asWritten(r.err, raw, today)
}

// normalize lowercases phrase and splits it into words, dropping commas and
// surrounding punctuation ("Dec.", "Friday!", "(by").
func normalize(phrase string) []string {
	fields := strings.FieldsFunc(strings.ToLower(phrase), func(r rune) bool {
		return unicode.IsSpace(r) || r == ','
	})
	words := fields[:0]
	for _, f := range fields {
		f = strings.TrimLeft(f, `("'“‘[¿¡`)
		f = strings.TrimRight(f, `.!?;:)"'”’]`)
		if f != "" {
			words = append(words, f)
		}
	}
	return words
}

// recognize reads words as one of the phrases Parse knows; ok is false when
// none matches. A match may still carry an error, and never a date before
// today.
func recognize(words []string, today Date, order Order) (result, bool) {
	if len(words) == 0 {
		return result{}, false
	}
	if r, ok := vague(words, today, order); ok {
		return r, true
	}
	if r, ok := withTimeOfDay(words, today, order); ok {
		return r.checked(today), true
	}
	return recognizeDay(words, today, order)
}

// recognizeDay reads words that name a day, without a time of day.
func recognizeDay(words []string, today Date, order Order) (result, bool) {
	readers := []func([]string, Date) (result, bool){
		keyword, endOf, weekday, inDuration, fromNow, iso,
		func(w []string, today Date) (result, bool) { return slashed(w, today, order) },
		monthDay, dayOfMonth, spanish,
	}
	for _, read := range readers {
		if r, ok := read(words, today); ok {
			return r.checked(today), true
		}
	}
	if r, ok := weekdayAndDate(words, today, order); ok {
		return r.checked(today), true
	}
	return result{}, false
}

// checked turns a date before today, or too far ahead, into an error, and
// drops choices that are: one left is the date.
func (r result) checked(today Date) result {
	if len(r.choices) > 1 {
		return r.checkedChoices(today)
	}
	switch {
	case r.err != nil:
	case r.date.Before(today):
		r.err, r.explicit = errPast(r.date, today), r.explicit || r.bare
	case r.date.After(today.addMonths(120)):
		r.err, r.explicit = errTooFar(r.date, today), r.explicit || r.bare
	}
	if r.err != nil {
		r.date = Date{}
	}
	return r
}

func (r result) checkedChoices(today Date) result {
	var ok []Date
	for _, d := range r.choices {
		if !d.Before(today) && !d.After(today.addMonths(120)) {
			ok = append(ok, d)
		}
	}
	switch len(ok) {
	case 0:
		r.date, r.choices = r.choices[0], nil
		return r.checked(today)
	case 1:
		r.date, r.choices = ok[0], nil
	default:
		r.choices = ok
	}
	return r
}

// isIntroducer reports whether w may introduce a due date: "by Friday".
func isIntroducer(w string) bool {
	switch w {
	case "by", "due", "before", "on", "until", "till", "til", "-", "--", "—", "–",
		"para", "hasta", "antes":
		return true
	}
	return false
}
