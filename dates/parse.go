package dates

import (
	"strings"
	"time"
	"unicode"
)

// result is what a recognised phrase means.
type result struct {
	date Date
	err  error
	// bare: the phrase may end a line without an introducer such as "by".
	bare bool
	// explicit: a calendar date, whose errors count even without an
	// introducer.
	explicit bool
}

// Parse reads a date phrase such as "Friday", "2026-12-15" or "in 3 days",
// relative to the calendar date of now in loc (UTC when loc is nil). See the
// package documentation for the phrases and how ambiguous ones are read.
// Errors are *Error: an unreadable phrase, a day that does not exist, or a
// date in the past.
func Parse(phrase string, now time.Time, loc *time.Location) (Date, error) {
	today := Today(now, loc)
	words := normalize(phrase)
	if len(words) > 1 && isIntroducer(words[0]) {
		words = words[1:]
	}
	r, ok := recognize(words, today)
	if !ok {
		return Date{}, errUnreadable(strings.TrimSpace(phrase), today)
	}
	return r.date, r.err
}

// normalize lowercases phrase and splits it into words, dropping commas and
// surrounding punctuation ("Dec.", "Friday!", "(by").
func normalize(phrase string) []string {
	fields := strings.FieldsFunc(strings.ToLower(phrase), func(r rune) bool {
		return unicode.IsSpace(r) || r == ','
	})
	words := fields[:0]
	for _, f := range fields {
		f = strings.TrimLeft(f, `("'“‘[`)
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
func recognize(words []string, today Date) (result, bool) {
	readers := []func([]string, Date) (result, bool){
		keyword, endOf, weekday, inDuration, iso, slashed, monthDay, dayOfMonth,
	}
	for _, read := range readers {
		if r, ok := read(words, today); ok {
			return r.checked(today), true
		}
	}
	return result{}, false
}

// checked turns a date before today, or too far ahead, into an error.
func (r result) checked(today Date) result {
	switch {
	case r.err != nil:
	case r.date.Before(today):
		r.err = errPast(r.date, today)
	case r.date.After(today.addMonths(120)):
		r.err = errTooFar(r.date, today)
	}
	if r.err != nil {
		r.date = Date{}
	}
	return r
}

// isIntroducer reports whether w may introduce a due date: "by Friday".
func isIntroducer(w string) bool {
	switch w {
	case "by", "due", "before", "on", "until", "till", "-", "--", "—", "–":
		return true
	}
	return false
}
