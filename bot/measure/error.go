package measure

import (
	"fmt"
	"unicode/utf8"
)

// Error is a mistake in what the user typed. Msg is written for them, says
// what to type instead, and can be shown as is.
type Error struct{ Msg string }

// Error returns Msg.
func (e *Error) Error() string { return e.Msg }

func errorf(format string, a ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, a...)}
}

// snippet shortens s to at most n runes for quoting in a message.
func snippet(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
