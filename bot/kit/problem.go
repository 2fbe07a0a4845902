package kit

import (
	"errors"

	"github.com/backbone-coalition/backbone/args"
	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/measure"
)

// Problem is a mistake of the user's: its message is shown to them as is,
// and says what to type instead. It is the only user-facing error type; the
// parsers' own errors are translated to it by UserMessage.
type Problem struct{ Msg string }

func (e *Problem) Error() string { return e.Msg }

// Sorry returns a Problem saying msg.
func Sorry(msg string) error { return &Problem{Msg: msg} }

// UserMessage returns the message to show the user for err when err is
// theirs to fix: a Problem, or a parser's error (args, dates, measure).
func UserMessage(err error) (string, bool) {
	var p *Problem
	var ae *args.Error
	var de *dates.Error
	var me *measure.Error
	switch {
	case errors.As(err, &p):
		return p.Msg, true
	case errors.As(err, &ae):
		return ae.Msg, true
	case errors.As(err, &de):
		return de.Msg, true
	case errors.As(err, &me):
		return me.Msg, true
	}
	return "", false
}
