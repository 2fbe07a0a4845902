package dates

import (
	"fmt"
	"strings"

	"github.com/backbone-coalition/backbone/mrkdwn"
)

// Error is a date the user wrote that cannot be used. Msg is written for
// them, says what to write instead, and can be shown as is.
type Error struct {
	Msg string
	// vague: the phrase names no one day; the message is written again
	// with the phrase as the user wrote it.
	vague bool
}

// Error returns Msg.
func (e *Error) Error() string { return e.Msg }

func errorf(format string, a ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, a...)}
}

func errUnreadable(phrase string, today Date) *Error {
	return errorf("I couldn't read %q as a date. Try a day like `Friday`, `Dec 15`, `in 3 days` or `%s`.",
		mrkdwn.Escape(phrase), today.AddDays(14))
}

func errPast(d, today Date) *Error {
	return errorf("That date is in the past (%s). Give a date from today on, like `by Friday` or `by %s`.",
		d.human(today.Year), today.AddDays(14))
}

func errTooFar(d, today Date) *Error {
	return errorf("That date is too far ahead (%s). Give a date within ten years, like `by %s`.",
		d.human(today.Year), today.AddDays(14))
}

func errAmbiguous(phrase string, choices []Date, today Date) *Error {
	a, b := choices[0], choices[1]
	return errorf("%q could be %s or %s. Write the day of the week or the month as a word, like `by %s`.",
		phrase, a.human(today.Year), b.human(today.Year), a.short())
}

// errVagueWord refuses a phrase that names no one day: "mid December",
// "Q1", "soon", "early next week".
func errVagueWord(phrase string, today Date) *Error {
	e := errorf("%q could be any of several days. Give one day, like `by Friday`, `by end of the month` or `by %s`.",
		phrase, today.AddDays(14).short())
	e.vague = true
	return e
}

// asWritten writes a vague phrase's error again with raw, the phrase as
// the user wrote it ("Q1", not "q1").
func asWritten(err error, raw string, today Date) error {
	if e, ok := err.(*Error); ok && e.vague {
		return errVagueWord(strings.TrimRight(strings.TrimSpace(raw), ".!?;:,)"), today)
	}
	return err
}
