package args

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is what a token is.
type Kind int

// The kinds of token. The zero Kind is no token at all.
const (
	// Word is plain text without white space.
	Word Kind = iota + 1
	// Quoted is text between quotes.
	Quoted
	// User is a user mention, <@U123|maria>.
	User
	// Channel is a channel mention, <#C123|youth>.
	Channel
	// Link is a link, <https://x.org|label>.
	Link
	// Special is <!here>, <!channel>, <!everyone> or <!subteam^S123|@team>.
	Special
)

// String returns the kind's name in lower case.
func (k Kind) String() string {
	switch k {
	case Word:
		return "word"
	case Quoted:
		return "quoted"
	case User:
		return "user"
	case Channel:
		return "channel"
	case Link:
		return "link"
	case Special:
		return "special"
	}
	return "none"
}

// Token is one argument of a command.
type Token struct {
	Kind Kind
	// Text is the decoded text for Word and Quoted, the ID for User and
	// Channel, the address for Link, and the name for Special ("here",
	// "subteam^S123").
	Text string
	// Label is the part after "|" in a mention or link, decoded; often empty.
	Label string
	// Key is the lowercased name of a name=value option; Kind, Text and Label
	// then describe the value.
	Key string
	// Raw is the token exactly as typed, option name included.
	Raw string
	// Pos is the token's place in the command, from 1.
	Pos int
}

// Tokenize splits s into tokens. The error, an *Error, says what to fix: an
// unclosed quote, an option without a name ("=x") or without a value
// ("sector="), or unreadable Slack markup ("<@>").
func Tokenize(s string) ([]Token, error) {
	sc := scanner{s: s}
	var toks []Token
	for sc.skipSpace() {
		tok, err := sc.token()
		if err != nil {
			return nil, err
		}
		tok.Pos = len(toks) + 1
		toks = append(toks, tok)
	}
	return toks, nil
}

// entities decodes what Slack escapes in user text; it is never modified.
var entities = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

func decode(s string) string { return entities.Replace(s) }

// scanner walks s; i is the byte offset of the next rune.
type scanner struct {
	s string
	i int
}

func (sc *scanner) peek() (rune, int) { return utf8.DecodeRuneInString(sc.s[sc.i:]) }

func (sc *scanner) atEnd() bool { return sc.i >= len(sc.s) }

// skipSpace moves past white space and reports whether anything is left.
func (sc *scanner) skipSpace() bool {
	for !sc.atEnd() {
		r, n := sc.peek()
		if !unicode.IsSpace(r) {
			return true
		}
		sc.i += n
	}
	return false
}

func (sc *scanner) token() (Token, error) {
	start := sc.i
	tok, err := sc.value()
	if err == nil && tok.Kind == Word {
		tok, err = sc.wordOrOption(start)
	}
	if err != nil {
		return Token{}, err
	}
	tok.Raw = sc.s[start:sc.i]
	return tok, nil
}

// value reads a mention or a quoted string, or reports a Word without
// consuming it.
func (sc *scanner) value() (Token, error) {
	switch r, _ := sc.peek(); {
	case r == '<':
		return sc.mention()
	case isQuote(r):
		return sc.quoted()
	}
	return Token{Kind: Word}, nil
}

// wordOrOption reads name=value or a plain word starting at start.
func (sc *scanner) wordOrOption(start int) (Token, error) {
	end := sc.wordEnd(start, true)
	if end < len(sc.s) && sc.s[end] == '=' {
		key := sc.s[start:end]
		if key == "" {
			return Token{}, errEmptyKey(sc.s[start:sc.wordEnd(start, false)])
		}
		if isKey(key) {
			sc.i = end + 1
			return sc.option(strings.ToLower(key))
		}
	}
	sc.i = sc.wordEnd(start, false)
	return Token{Kind: Word, Text: decode(sc.s[start:sc.i])}, nil
}

// option reads the value of option key, just after its "=".
func (sc *scanner) option(key string) (Token, error) {
	if r, _ := sc.peek(); sc.atEnd() || unicode.IsSpace(r) {
		return Token{}, errEmptyValue(key)
	}
	tok, err := sc.value()
	if err != nil {
		return Token{}, err
	}
	if tok.Kind == Word {
		start := sc.i
		sc.i = sc.wordEnd(start, false)
		tok.Text = decode(sc.s[start:sc.i])
	}
	tok.Key = key
	return tok, nil
}

// wordEnd returns where the word starting at from ends: at white space, at
// "<", or, when atEquals, at "=".
func (sc *scanner) wordEnd(from int, atEquals bool) int {
	for i, r := range sc.s[from:] {
		if unicode.IsSpace(r) || r == '<' || (atEquals && r == '=') {
			return from + i
		}
	}
	return len(sc.s)
}

// isKey reports whether s can name an option: a letter, then letters,
// digits, "_" or "-".
func isKey(s string) bool {
	for i, r := range s {
		ok := unicode.IsLetter(r) || (i > 0 && (unicode.IsDigit(r) || r == '_' || r == '-'))
		if !ok {
			return false
		}
	}
	return s != ""
}
