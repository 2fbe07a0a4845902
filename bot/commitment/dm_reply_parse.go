package commitment

import (
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/dates"
)

// Reply is what a DM reply to the bot asks of a commitment.
type Reply struct {
	// Kind is a change kind; "" when the reply was not understood.
	Kind string
	Note string
	Due  dates.Date
	// Hint names which commitment ("done with the flyers" → "the flyers").
	Hint string
	// Err is a mistake to tell the user about (a date in the past, a drop
	// without a reason); Kind is then "".
	Err string
}

// replyPatterns are the phrases a reply may start with, by change kind.
// Each has one group: what follows the phrase.
var replyPatterns = []struct {
	kind string
	re   *regexp.Regexp
	// soft: a phrase that is also ordinary English ("due to the rain"),
	// read only when what follows makes sense.
	soft bool
}{
	{changeDue, regexp.MustCompile(`(?i)^(?:it'?s\s+|it\s+is\s+|i'?ve\s+|i\s+have\s+)?(?:moved|move|moving|pushed|push|pushing|postponed|postpone|rescheduled|reschedule|delayed|delay|changed|change)(?:\s+(?:it|the\s+date|the\s+due\s+date|that))?\s+(?:to|until|till)\b[\s:]*(.*)$`), false},
	{changeDue, regexp.MustCompile(`(?i)^(?:new\s+(?:due\s+)?date|due\s+date|new\s+deadline)\b[\s:—–-]*(.*)$`), false},
	{changeDue, regexp.MustCompile(`(?i)^due\b[\s:—–-]*(.*)$`), true},
	{changeNeedHelp, regexp.MustCompile(`(?i)^(?:i\s+)?(?:need|needs|could\s+use)\s+(?:some\s+)?help\b[\s:—–-]*(.*)$`), false},
	{changeNeedHelp, regexp.MustCompile(`(?i)^help\b[\s:—–-]*(.*)$`), false},
	{changeBlocked, regexp.MustCompile(`(?i)^(?:i'?m\s+|i\s+am\s+|we'?re\s+|it'?s\s+)?(?:blocked|stuck)\b[\s:—–-]*(.*)$`), false},
	{changeOnTrack, regexp.MustCompile(`(?i)^(?:it'?s\s+|i'?m\s+|we'?re\s+)?(?:on\s+track|on\s+it|in\s+progress|going\s+well|all\s+good)\b[\s:—–-]*(.*)$`), false},
	{changeDrop, regexp.MustCompile(`(?i)^(?:drop|dropped|dropping|cancel|cancelled|canceled|not\s+doing\s+it)\b[\s:—–-]*(.*)$`), false},
	{changeDone, regexp.MustCompile(`(?i)^(?:it'?s\s+|i'?m\s+|all\s+)?(?:done|finished|completed|complete|did\s+it)\b(.*)$`), false},
}

// ParseReply reads a reply in the bot's DM — "done", "done with the
// flyers", "need help: waiting on county data", "blocked …", "moved to Dec
// 12", "new date Friday", "drop: no longer needed" — with dates read
// relative to now in loc. It does no I/O.
func ParseReply(text string, now time.Time, loc *time.Location) Reply {
	s := strings.TrimSpace(kit.CleanText(text))
	s = strings.TrimRight(s, "!. ")
	if utf8.RuneCountInString(s) > maxNoteLen {
		return Reply{Err: "That is a long message! Keep an update under 1,000 characters, or use the buttons."}
	}
	for _, p := range replyPatterns {
		m := p.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		r := completeReply(p.kind, m[1], now, loc)
		if p.soft && r.Err != "" {
			continue
		}
		return r
	}
	return Reply{}
}

// completeReply reads what follows the phrase of kind.
func completeReply(kind, raw string, now time.Time, loc *time.Location) Reply {
	r, rest := Reply{Kind: kind}, strings.TrimSpace(raw)
	switch kind {
	case changeDone:
		return doneReply(rest)
	case changeDue:
		return dueReply(rest, now, loc)
	case changeDrop:
		if rest == "" {
			return Reply{Err: "Say why, so the group knows — for example `drop: the event was cancelled`."}
		}
		r.Note = rest
	default:
		r.Note = rest
	}
	return r
}

// doneReply reads "done", "done with the flyers" (which one: a hint), and
// "done: 200 flyers sent" (a note).
func doneReply(rest string) Reply {
	r := Reply{Kind: changeDone}
	switch {
	case rest == "":
	case strings.ContainsRune(":—–-,;", []rune(rest)[0]):
		r.Note = strings.TrimSpace(strings.TrimLeft(rest, ":—–-,; "))
	default:
		hint, _ := cutPrefixFold(rest, "with ")
		r.Hint = strings.TrimSpace(hint)
	}
	return r
}

func dueReply(rest string, now time.Time, loc *time.Location) Reply {
	if rest == "" {
		return Reply{Err: "To which date? For example `moved to Dec 12` or `new date Friday`."}
	}
	d, err := dates.Parse(rest, now, loc)
	var de *dates.Error
	if errors.As(err, &de) {
		return Reply{Err: de.Msg}
	}
	if err != nil {
		return Reply{Err: "I couldn't read that date. Try `moved to Dec 12`."}
	}
	return Reply{Kind: changeDue, Due: d}
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// hintWords are the words of a hint worth matching: no short or common ones.
func hintWords(hint string) []string {
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(hint), func(r rune) bool {
		return !(r == '\'' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r > 127)
	}) {
		if utf8.RuneCountInString(w) >= 3 && !stopWords[w] {
			words = append(words, strings.TrimSuffix(w, "s"))
		}
	}
	return words
}

var stopWords = map[string]bool{"the": true, "and": true, "for": true, "with": true, "that": true, "this": true, "one": true, "our": true, "all": true}

// matchHint returns the indexes of the texts that share the most words with
// hint; all of them when hint names nothing.
func matchHint(hint string, texts []string) []int {
	words := hintWords(hint)
	best, out := 0, []int(nil)
	for i, t := range texts {
		lower, score := strings.ToLower(t), 0
		for _, w := range words {
			if strings.Contains(lower, w) {
				score++
			}
		}
		switch {
		case score > best:
			best, out = score, []int{i}
		case score == best:
			out = append(out, i)
		}
	}
	return out
}
