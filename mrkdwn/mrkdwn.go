// Package mrkdwn keeps what people typed from turning into markup when the
// bot quotes it back in Slack's mrkdwn: no <!channel>, no fake links, no
// mentions smuggled in. The parsers' error messages and the bot's views
// share it, so the rule lives in one place.
package mrkdwn

import (
	"regexp"
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

// keptRef is the only markup the bot sends on purpose: a user mention
// (<@U123>) or a channel link (<#C123> or <#C123|name>).
var keptRef = regexp.MustCompile(`^<(@[UW][A-Z0-9]+|#C[A-Z0-9]+(\|[^<>]*)?)>`)

// Defuse is the last line of the escaping rule, applied to the text of
// everything the bot sends: every "<" that could open markup, other than a
// user mention or a channel link, is turned into "&lt;", so
// no broadcast (<!here>, <!channel>, <!subteam^…>) and no disguised link
// (<https://…|x>) reaches Slack live, even from a string a view forgot to
// Escape. A "<" with no ">" after it ("<10") opens no markup and stays;
// escaped text is unchanged.
func Defuse(s string) string {
	last := strings.LastIndexByte(s, '>')
	if last < 0 || !strings.Contains(s[:last], "<") {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s) + 8)
	i := 0
	for {
		j := strings.IndexByte(s[i:last], '<')
		if j < 0 {
			break // no "<" before the last ">": no markup from here on
		}
		sb.WriteString(s[i : i+j])
		i += j
		if ref := keptRef.FindString(s[i:]); ref != "" {
			sb.WriteString(ref)
			i += len(ref)
		} else {
			sb.WriteString("&lt;")
			i++
		}
		if i >= last {
			break
		}
	}
	sb.WriteString(s[i:])
	return sb.String()
}
