package measure

import (
	"fmt"
	"strings"
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

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// snippet shortens s to at most n runes for quoting in a message.
func snippet(s string, n int) string {
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n]) + "…"
	}
	// The snippet is shown in mrkdwn: what the user typed must not become
	// a link or an @channel there.
	return mrkdwnEscaper.Replace(s)
}
