package measure

import (
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/args"
)

// ReportUsage is the form of the /report command, for messages.
const ReportUsage = "`/report KEY VALUE [PERIOD] [dimension=value …] [-- note]`, such as `/report youth-binge-drinking 18.5% 2026-Q3 town=Greenfield -- spring survey, n=412`"

// MaxNoteLen is the longest note a report may carry.
const MaxNoteLen = 500

// Line is a /report command as typed, read but not yet checked against the
// indicator's definition.
type Line struct {
	// Key is the indicator's key, lowercased.
	Key string
	// Value is the value as typed; digit groups typed with spaces ("1 234")
	// are joined back.
	Value string
	// Period is the period as typed; empty for the default.
	Period string
	// Dims holds dimension=value options: name (lowercased) → value.
	Dims map[string]string
	// Partner is the partner="Name" option; empty when not given.
	Partner string
	// Note is the text after "--".
	Note string
}

var (
	noteSep    = regexp.MustCompile(`(?:^|\s)(?:--|—|–)(?:\s|$)`)
	groupTail  = regexp.MustCompile(`^\d{3}(\.\d+)?%?$`)
	groupsHead = regexp.MustCompile(`^[-+]?[$€£]?\d{1,3}( \d{3})*$`)
	quarterTok = regexp.MustCompile(`^[qQ][1-4]$`)
	yearTok    = regexp.MustCompile(`^\d{4}$`)
	entities   = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)

// ParseLine reads the text of a /report command:
// KEY VALUE [PERIOD] [dimension=value …] [partner="Name"] [-- note].
func ParseLine(text string) (Line, error) {
	l := Line{Dims: map[string]string{}}
	head := text
	if loc := noteSep.FindStringIndex(text); loc != nil {
		head, l.Note = text[:loc[0]], strings.TrimSpace(entities.Replace(text[loc[1]:]))
	}
	if n := utf8.RuneCountInString(l.Note); n > MaxNoteLen {
		return Line{}, errorf("The note is %d characters; keep it to %d.", n, MaxNoteLen)
	}
	toks, err := args.Tokenize(head)
	if err != nil {
		return Line{}, fromArgs(err)
	}
	var words []string
	for _, t := range toks {
		if err := l.take(t, &words); err != nil {
			return Line{}, err
		}
	}
	return l, l.positional(words)
}

func fromArgs(err error) error {
	var ae *args.Error
	if errors.As(err, &ae) {
		return &Error{Msg: ae.Msg}
	}
	return err
}

// take files one token: an option, or a positional word.
func (l *Line) take(t args.Token, words *[]string) error {
	if t.Kind != args.Word && t.Kind != args.Quoted {
		return errorf("I can't use %q in a report. The form is %s", snippet(t.Raw, 30), ReportUsage)
	}
	switch {
	case t.Key == "partner":
		if l.Partner != "" {
			return errorf("partner= is given twice. Give it once.")
		}
		l.Partner = strings.TrimSpace(t.Text)
	case t.Key != "":
		if _, dup := l.Dims[t.Key]; dup {
			return errorf("%s= is given twice. Report one segment at a time.", t.Key)
		}
		l.Dims[t.Key] = t.Text
	default:
		*words = append(*words, t.Text)
	}
	return nil
}

// positional reads KEY, VALUE and PERIOD from the positional words.
func (l *Line) positional(words []string) error {
	if len(words) == 0 || strings.TrimSpace(words[0]) == "" {
		return errorf("Which indicator? The form is %s", ReportUsage)
	}
	l.Key = strings.ToLower(strings.TrimSpace(words[0]))
	if len(words) == 1 {
		return errorf("Give the value after the indicator's key, such as `/report %s 18.5%%`.", snippet(l.Key, 40))
	}
	value, rest := joinValue(words[1:])
	l.Value = value
	period, rest := joinPeriod(rest)
	l.Period = period
	if len(rest) > 0 {
		return errorf("I don't know what %q is. Put a note after -- (`… -- %s`); the form is %s",
			snippet(strings.Join(rest, " "), 40), snippet(strings.Join(rest, " "), 40), ReportUsage)
	}
	return nil
}

// joinValue takes the value from the front of words: one word, plus digit
// groups typed with spaces ("1 234 567"), a currency sign typed apart
// ("$ 12,000") and a separate "%".
func joinValue(words []string) (string, []string) {
	v, rest := words[0], words[1:]
	if len(rest) > 0 && (v == "$" || v == "€" || v == "£") {
		v, rest = v+rest[0], rest[1:]
	}
	for len(rest) > 0 && groupsHead.MatchString(v) && groupTail.MatchString(rest[0]) {
		v, rest = v+" "+rest[0], rest[1:]
	}
	if len(rest) > 0 && rest[0] == "%" {
		v, rest = v+"%", rest[1:]
	}
	return v, rest
}

// joinPeriod takes the period from the front of words: one word, or two
// for "last quarter" and "Q3 2026".
func joinPeriod(words []string) (string, []string) {
	if len(words) == 0 {
		return "", nil
	}
	if len(words) >= 2 {
		pair := strings.ToLower(words[0] + " " + words[1])
		if relativeRe.MatchString(pair) || (quarterTok.MatchString(words[0]) && yearTok.MatchString(words[1])) {
			return words[0] + " " + words[1], words[2:]
		}
	}
	return words[0], words[1:]
}

// Definition is what checking a report needs to know of its indicator.
type Definition struct {
	Unit       Unit
	Cadence    Cadence
	Dimensions []Dimension
}

// Entry is a checked report, ready to be stored.
type Entry struct {
	Value   float64
	Period  Period
	Segment string
	Note    string
}

// Check applies the indicator's rules to the line: the value's unit, the
// period's cadence (the last closed period by default; never one still
// running) and the dimensions. now is the coalition's local time.
func (l Line) Check(def Definition, now time.Time) (Entry, error) {
	v, err := ParseValue(l.Value, def.Unit)
	if err != nil {
		return Entry{}, err
	}
	p, err := ReportPeriod(l.Period, def.Cadence, now)
	if err != nil {
		return Entry{}, err
	}
	seg, err := Segment(def.Dimensions, l.Dims)
	if err != nil {
		return Entry{}, err
	}
	return Entry{Value: v, Period: p, Segment: seg, Note: l.Note}, nil
}
