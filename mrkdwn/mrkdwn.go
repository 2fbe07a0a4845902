// Package mrkdwn keeps what people typed from turning into markup when the
// bot quotes it back in Slack's mrkdwn: no <!channel>, no fake links, no
// mentions smuggled in. The parsers' error messages and the bot's views
// share it, so the rule lives in one place.
package mrkdwn

import (
	"strings"
	"unicode/utf8"
)

// Escape replaces the three characters Slack asks to escape.
func Escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// Snippet shortens s to at most n runes, with an ellipsis, and escapes it,
// for quoting what someone typed in a message.
func Snippet(s string, n int) string {
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n]) + "…"
	}
	return Escape(s)
}
