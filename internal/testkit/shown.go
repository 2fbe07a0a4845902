package testkit

import (
	"encoding/json"
	"regexp"
	"strings"
)

// quoted is a quote of what someone typed, as the bot shows it: “…”.
var quoted = regexp.MustCompile(`“[^”]*”`)

// rawInQuote is Slack markup inside a quote that Slack would show as
// literal characters: an escaped mention (&lt;@U…&gt;, the text as Slack
// sent it escaped again) or a labelled mention kept as typed (<@U…|name>).
var rawInQuote = regexp.MustCompile(`&lt;[@#][A-Z0-9]|<[@#][A-Z0-9]+\|`)

// nestedBold is a bold span inside a bold span on one line, which Slack
// shows with literal asterisks: *A shout-out to *Greenfield*!*
var nestedBold = regexp.MustCompile(`(^|[\s(])\*[^*\n]+ \*[^*\n]+\*[^*\n]*\*($|[\s).,!?])`)

// ShownTextProblems lists what is wrong in a message's text as people
// would see it: a live broadcast (<!here>, <!channel>, <!subteam^…>), raw
// or double-escaped mention markup inside a quote, a bold span nested in
// another.
func ShownTextProblems(text string) []string {
	var out []string
	if strings.Contains(text, "<!") {
		out = append(out, "a live broadcast (<!…>): "+text)
	}
	for _, q := range quoted.FindAllString(text, -1) {
		if rawInQuote.MatchString(q) {
			out = append(out, "raw mention markup in a quote: "+q)
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if nestedBold.MatchString(line) {
			out = append(out, "bold nested in bold: "+line)
		}
	}
	return out
}

// BlockTexts lists every mrkdwn text of a blocks JSON array: sections,
// fields, context elements. Plain text (headers, buttons, inputs) is shown
// as is by Slack, markup included, so it can neither ping nor link.
func BlockTexts(blocks json.RawMessage) []string {
	var v any
	if len(blocks) == 0 || json.Unmarshal(blocks, &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(x any) {
		switch t := x.(type) {
		case map[string]any:
			if s, ok := t["text"].(string); ok && t["type"] != "plain_text" {
				out = append(out, s)
			}
			for _, v := range t {
				walk(v)
			}
		case []any:
			for _, v := range t {
				walk(v)
			}
		}
	}
	walk(v)
	return out
}
