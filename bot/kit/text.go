package kit

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	slackmarkup "github.com/backbone-coalition/backbone/mrkdwn"
)

// Escape makes user-provided text safe inside mrkdwn: no <!channel>, no fake
// links, no mentions smuggled in.
func Escape(s string) string { return slackmarkup.Escape(s) }

// Truncate shortens s to n characters, the last an ellipsis.
func Truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// OneLine folds s onto one line of at most 200 characters.
func OneLine(s string) string {
	return Truncate(strings.Join(strings.Fields(s), " "), 200)
}

// Plural is "1 partner" or "3 partners".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// PluralWord is one or many, as n asks.
func PluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// JoinAnd is "a", "a and b", "a, b and c".
func JoinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// OrDefault is s, or def when s is empty.
func OrDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// LowerFirst lowercases the first letter of a sentence ("Send flyers" →
// "send flyers") unless it starts an acronym or a name in capitals ("MOU").
func LowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[n:])
	if !unicode.IsUpper(r) || unicode.IsUpper(next) || r == 'I' && (next == ' ' || next == '\'') {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// UpperFirst capitalizes an ASCII first letter.
func UpperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Ptr is a pointer to a copy of v.
func Ptr[T any](v T) *T { return &v }

var markup = regexp.MustCompile(`<([^<>]*)>`)

// CleanText turns the text of a command or message, as Slack sends it, into
// the text stored for a commitment or a note: user and channel mentions are
// kept as <@U…> and <#C…> (UserText shows them), @here and user
// groups become plain words, links their label or address, and &amp;, &lt;
// and &gt; are decoded. White space runs become one space.
func CleanText(s string) string {
	s = markup.ReplaceAllStringFunc(s, func(m string) string {
		body := m[1 : len(m)-1]
		ref, label, _ := strings.Cut(body, "|")
		switch {
		case strings.HasPrefix(ref, "@"):
			return "\x00@" + ref[1:] + "\x01"
		case strings.HasPrefix(ref, "#"):
			return "\x00#" + ref[1:] + "\x01"
		case strings.HasPrefix(ref, "!"):
			return "@" + strings.TrimPrefix(OrDefault(label, strings.SplitN(ref[1:], "^", 2)[0]), "@")
		case label != "" && label != ref:
			return label + " (" + ref + ")"
		}
		return ref
	})
	s = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "<", "‹", ">", "›").Replace(s)
	s = strings.NewReplacer("\x00", "<", "\x01", ">").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// keptMarkup is what CleanText keeps of Slack markup: user and channel
// mentions.
var keptMarkup = regexp.MustCompile(`<[@#][A-Z0-9]+>`)

// UserText makes stored text (see CleanText) safe for mrkdwn, keeping its
// user and channel mentions live.
func UserText(s string) string {
	var sb strings.Builder
	last := 0
	for _, loc := range keptMarkup.FindAllStringIndex(s, -1) {
		sb.WriteString(Escape(s[last:loc[0]]))
		sb.WriteString(s[loc[0]:loc[1]])
		last = loc[1]
	}
	sb.WriteString(Escape(s[last:]))
	return sb.String()
}
