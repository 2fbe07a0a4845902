package args

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

func isDoubleQuote(r rune) bool { return r == '"' || r == '“' || r == '”' }

func isSingleQuote(r rune) bool { return r == '\'' || r == '‘' || r == '’' }

func isQuote(r rune) bool { return isDoubleQuote(r) || isSingleQuote(r) }

// closes reports whether r, followed by rest, closes a string opened by open.
func closes(open, r rune, rest string) bool {
	if isDoubleQuote(open) {
		return isDoubleQuote(r)
	}
	if !isSingleQuote(r) {
		return false
	}
	next, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || !(unicode.IsLetter(next) || unicode.IsDigit(next))
}

// quoted reads a quoted string; the scanner is at its opening quote.
func (sc *scanner) quoted() (Token, error) {
	open, n := sc.peek()
	openAt := sc.i
	sc.i += n
	var b strings.Builder
	plain := sc.i // start of the text not yet written to b
	for !sc.atEnd() {
		r, n := sc.peek()
		switch {
		case r == '<':
			b.WriteString(decode(sc.s[plain:sc.i]))
			m, err := sc.mention()
			if err != nil {
				return Token{}, err
			}
			b.WriteString(readable(m))
			plain = sc.i
			continue
		case closes(open, r, sc.s[sc.i+n:]):
			b.WriteString(decode(sc.s[plain:sc.i]))
			sc.i += n
			return Token{Kind: Quoted, Text: strings.TrimSpace(b.String())}, nil
		}
		sc.i += n
	}
	return Token{}, errUnterminated(open, sc.s[openAt+utf8.RuneLen(open):])
}

// readable is how a mention reads inside quoted text.
func readable(m Token) string {
	name := m.Label
	if name == "" {
		name = m.Text
	}
	switch m.Kind {
	case User:
		return "@" + name
	case Channel:
		return "#" + name
	case Special:
		if m.Label == "" {
			return "@" + m.Text
		}
	}
	return name
}
