package measure

import (
	"fmt"

	"github.com/backbone-coalition/backbone/mrkdwn"
)

// Error is a mistake in what the user typed. Msg is written for them, says
// what to type instead, and can be shown as is.
type Error struct{ Msg string }

// Error returns Msg.
func (e *Error) Error() string { return e.Msg }

func errorf(format string, a ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, a...)}
}

// snippet quotes what the user typed, shortened and escaped for mrkdwn.
func snippet(s string, n int) string { return mrkdwn.Snippet(s, n) }
