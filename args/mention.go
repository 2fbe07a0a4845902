package args

import (
	"strings"
	"unicode"
)

// mention reads Slack markup; the scanner is at its "<".
func (sc *scanner) mention() (Token, error) {
	start := sc.i
	end := strings.IndexAny(sc.s[start+1:], "<>")
	if end < 0 || sc.s[start+1+end] == '<' {
		return Token{}, errMalformed(strings.TrimSpace(sc.s[start:]))
	}
	sc.i = start + 1 + end + 1
	tok, ok := parseMention(sc.s[start+1 : start+1+end])
	if !ok {
		return Token{}, errMalformed(sc.s[start:sc.i])
	}
	return tok, nil
}

// parseMention reads the inside of <...>.
func parseMention(body string) (Token, bool) {
	ref, label, _ := strings.Cut(body, "|")
	label = decode(label)
	switch {
	case strings.HasPrefix(ref, "@"):
		return Token{Kind: User, Text: ref[1:], Label: label}, isID(ref[1:])
	case strings.HasPrefix(ref, "#"):
		return Token{Kind: Channel, Text: ref[1:], Label: label}, isID(ref[1:])
	case strings.HasPrefix(ref, "!"):
		name := ref[1:]
		ok := name != "" && !strings.ContainsFunc(name, unicode.IsSpace)
		return Token{Kind: Special, Text: decode(name), Label: label}, ok
	}
	return Token{Kind: Link, Text: decode(ref), Label: label}, isURL(ref)
}

// isID reports whether s looks like a Slack ID such as U123ABC.
func isID(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}

// isURL reports whether s has a scheme ("https:", "mailto:") and no spaces.
func isURL(s string) bool {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || rest == "" || strings.ContainsFunc(s, unicode.IsSpace) {
		return false
	}
	for i, r := range scheme {
		ascii := r <= unicode.MaxASCII
		letter := ascii && unicode.IsLetter(r)
		other := ascii && (unicode.IsDigit(r) || r == '+' || r == '-' || r == '.')
		if !letter && (i == 0 || !other) {
			return false
		}
	}
	return scheme != ""
}
