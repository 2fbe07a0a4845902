package args

import (
	"strings"
)

// Args is a parsed command: positional tokens in order, and name=value
// options by lowercased name.
type Args struct {
	Positional []Token
	// Named is never nil after Parse.
	Named map[string]Token
}

// Parse tokenizes s and splits positional tokens from options. Options must
// be among allowedKeys (compared without case; none allowed when the list is
// empty) and given at most once. Errors are *Error.
func Parse(s string, allowedKeys ...string) (Args, error) {
	toks, err := Tokenize(s)
	if err != nil {
		return Args{}, err
	}
	a := Args{Named: map[string]Token{}}
	for _, t := range toks {
		if t.Key == "" {
			a.Positional = append(a.Positional, t)
			continue
		}
		if err := checkKey(t.Key, allowedKeys); err != nil {
			return Args{}, err
		}
		if _, dup := a.Named[t.Key]; dup {
			return Args{}, errorf(`The option %s= is given twice. Give it only once.`, t.Key)
		}
		a.Named[t.Key] = t
	}
	return a, nil
}

// checkKey returns an *Error when key is not one of allowed.
func checkKey(key string, allowed []string) error {
	if len(allowed) == 0 {
		return errorf(`This command takes no name=value options, so I don't understand "%s=". If it is part of a name, put the whole name in quotes.`, snippet(key, 30))
	}
	lower := make([]string, len(allowed))
	for i, k := range allowed {
		lower[i] = strings.ToLower(k)
		if lower[i] == key {
			return nil
		}
	}
	msg := `Unknown option "` + snippet(key, 30) + `". Use one of: ` + strings.Join(lower, ", ") + "."
	if c, ok := Closest(key, lower); ok {
		msg += " Did you mean " + c + "=?"
	}
	return &Error{Msg: msg}
}

// Users returns the IDs of the users mentioned among the positional tokens.
func (a Args) Users() []string { return a.texts(User) }

// Channels returns the IDs of the channels mentioned among the positional
// tokens.
func (a Args) Channels() []string { return a.texts(Channel) }

// Words returns the text of the positional words and quoted strings.
func (a Args) Words() []string { return a.texts(Word, Quoted) }

// Value returns the text of option key (a user or channel ID for a mention)
// and whether it was given.
func (a Args) Value(key string) (string, bool) {
	t, ok := a.Named[strings.ToLower(key)]
	return t.Text, ok
}

func (a Args) texts(kinds ...Kind) []string {
	var out []string
	for _, t := range a.Positional {
		for _, k := range kinds {
			if t.Kind == k {
				out = append(out, t.Text)
			}
		}
	}
	return out
}
