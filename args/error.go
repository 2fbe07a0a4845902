package args

import (
	"fmt"
	"strings"

	"github.com/backbone-coalition/backbone/mrkdwn"
)

// Error is a mistake in what the user typed. Msg is written for them, says
// what to type instead, and can be shown as is.
type Error struct{ Msg string }

// Error returns Msg.
func (e *Error) Error() string { return e.Msg }

func errorf(format string, a ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, a...)}
}

// snippet quotes what the user typed, shortened and escaped for mrkdwn.
func snippet(s string, n int) string { return mrkdwn.Snippet(s, n) }

func errUnterminated(quote rune, rest string) *Error {
	words := strings.Fields(rest)
	if len(words) == 0 {
		return errorf(`The quote %c at the end is never closed. Remove it, or put the name between two straight quotes, like "Greenfield Public Schools".`, quote)
	}
	return errorf(`The quote opened before %c%s is never closed. Put the name in straight quotes: "%s".`,
		quote, snippet(words[0], 30), suggestName(words))
}

// suggestName guesses the quoted name the user meant: the words after the
// quote up to the first name=value option.
func suggestName(words []string) string {
	var name []string
	for _, w := range words {
		if strings.Contains(w, "=") || len(name) == 8 {
			break
		}
		name = append(name, strings.TrimFunc(w, isQuote))
	}
	if len(name) == 0 {
		return "Greenfield Public Schools"
	}
	return snippet(strings.Join(name, " "), 60)
}

func errMalformed(raw string) *Error {
	return errorf(`I couldn't read %q. Pick people and channels from Slack's suggestions as you type @ or #, and paste links as they are, instead of typing < and > yourself.`, snippet(raw, 40))
}

func errEmptyKey(word string) *Error {
	return errorf(`There is nothing before "=" in %q. Write options as name=value with no spaces around "=", like sector=education.`, snippet(word, 40))
}

func errEmptyValue(key string) *Error {
	return errorf(`There is nothing after "%s=". Write the value right after "=" with no space, in quotes if it has spaces: %s="Public health".`, key, key)
}
