package kit

import (
	"strings"

	"github.com/backbone-coalition/backbone/args"
)

// DidYouMean suggests the closest candidate, or nothing.
func DidYouMean(word string, candidates []string) string {
	if c, ok := args.Closest(word, candidates); ok {
		return " Did you mean `" + c + "`?"
	}
	return ""
}

// ParseArgs parses a command's arguments; the parser's errors are the
// user's mistakes and are shown as they are.
func ParseArgs(text string, keys ...string) (args.Args, error) {
	a, err := args.Parse(text, keys...)
	if err != nil {
		if pe, ok := err.(*args.Error); ok {
			return a, Sorry(pe.Msg)
		}
		return a, err
	}
	return a, nil
}

// NameArg joins the positional words into one name, so both
// `"Greenfield Public Schools"` and `Greenfield Public Schools` work.
func NameArg(toks []args.Token) string {
	var words []string
	for _, t := range toks {
		words = append(words, t.Text)
	}
	return strings.Join(words, " ")
}

// ClosestName finds the name a mistyped one most likely meant: one that
// contains it, or one within a couple of typos.
func ClosestName(name string, names []string) (string, bool) {
	lower := strings.ToLower(name)
	for _, n := range names {
		if lower != "" && strings.Contains(strings.ToLower(n), lower) {
			return n, true
		}
	}
	return args.Closest(name, names)
}
