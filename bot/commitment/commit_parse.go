package commitment

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/dates"
)

// Limits of /commit.
const (
	maxCommitmentLen  = 500
	maxCommitLines    = 20
	maxCommitmentsPer = 50 // lines × owners in one /commit
)

// CommitLine is one line of a /commit: who will do what by when.
type CommitLine struct {
	// N is the line's number as typed, from 1.
	N int
	// Owners are the user IDs mentioned at the start; none means the issuer.
	Owners []string
	// Text is what will be done, with Slack markup made safe (see cleanText).
	Text string
	// Due is the due date; the zero Date means no date, or, with Choices,
	// a date still to be chosen.
	Due dates.Date
	// Choices are the two dates an ambiguous phrase ("8/12", "Friday Dec
	// 15") may mean; the issuer is asked which before anything is saved.
	Choices []dates.Date
	// Phrase is the date phrase as written, for the question.
	Phrase string
}

// Picks are the dates chosen for ambiguous lines, by line number.
type Picks map[int]dates.Date

// ParseCommitText reads the text of a /commit, one commitment per line, with
// dates resolved relative to now in loc and numeric dates read in order;
// picks settle lines whose date was ambiguous, when it was asked. It returns
// every line that parsed and a message for every line that did not; callers
// store nothing unless the second list is empty and no line has Choices
// left.
func ParseCommitText(text string, now time.Time, loc *time.Location, order dates.Order, picks Picks) ([]CommitLine, []string) {
	var lines []CommitLine
	var errs []string
	physical := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	multi := countNonBlank(physical) > 1
	for i, raw := range physical {
		if strings.TrimSpace(raw) == "" {
			continue
		}
		l, err := parseCommitLine(raw, now, loc, order)
		l.N = i + 1
		l.settle(picks[l.N])
		if err != "" {
			errs = append(errs, linePrefix(multi, l.N, raw)+err)
			continue
		}
		lines = append(lines, l)
	}
	return lines, append(errs, tooMany(lines)...)
}

func countNonBlank(lines []string) int {
	n := 0
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}

// linePrefix names a line in an error, when there are several.
func linePrefix(multi bool, n int, raw string) string {
	if !multi {
		return ""
	}
	return fmt.Sprintf("Line %d (“%s”): ", n, kit.Quote(raw, 40))
}

func tooMany(lines []CommitLine) []string {
	if len(lines) > maxCommitLines {
		return []string{fmt.Sprintf("That is %d lines; paste at most %d at a time.", len(lines), maxCommitLines)}
	}
	n := 0
	for _, l := range lines {
		n += max(1, len(l.Owners))
	}
	if n > maxCommitmentsPer {
		return []string{fmt.Sprintf("That makes %d commitments; record at most %d at a time.", n, maxCommitmentsPer)}
	}
	return nil
}

const CommitExample = "`/commit @maria Send flyers to the 10 middle schools by Friday`"

// settle takes the date picked for an ambiguous line, if it is one of its
// choices.
func (l *CommitLine) settle(pick dates.Date) {
	if slices.Contains(l.Choices, pick) && !pick.IsZero() {
		l.Due, l.Choices = pick, nil
	}
}

// Ambiguous returns the first line whose date is still to be chosen.
func Ambiguous(lines []CommitLine) (CommitLine, bool) {
	for _, l := range lines {
		if len(l.Choices) > 1 {
			return l, true
		}
	}
	return CommitLine{}, false
}

// parseCommitLine reads one line; the error is a message for the user.
func parseCommitLine(raw string, now time.Time, loc *time.Location, order dates.Order) (CommitLine, string) {
	var l CommitLine
	rest := bullet.ReplaceAllString(raw, "")
	l.Owners, rest = leadingMentions(rest)
	text := kit.CleanText(rest)
	if len(l.Owners) > 0 {
		text = leadingFiller.ReplaceAllString(text, "")
	}
	text, noDate := cutNoDate(text)
	if !noDate {
		f, err := dates.Extract(text, now, loc, order)
		if err != nil {
			return l, err.Error() + " Or write `no date`."
		}
		text, l.Due, l.Choices, l.Phrase = f.Text, f.Date, f.Choices, f.Phrase
	}
	l.Text = strings.TrimSpace(text)
	switch n := utf8.RuneCountInString(l.Text); {
	case n == 0 && len(l.Owners) > 0:
		return l, "Say what will be done after the names: " + CommitExample
	case n == 0:
		return l, "Say what will be done: " + CommitExample
	case n > maxCommitmentLen:
		return l, fmt.Sprintf("That is %d characters; keep a commitment to %d. Put the details in a doc and link it.", n, maxCommitmentLen)
	}
	return l, ""
}

var (
	// bullet is a list marker pasted from meeting notes: "- ", "• ", "1. ",
	// "2) ", "[ ] ".
	bullet = regexp.MustCompile(`^\s*(?:[-*•·‣▪]|\d{1,2}[.)]|\[[ xX]?\])\s+`)
	// leadingFiller is "will", "to" or punctuation between the names and
	// the task: "@maria will send…", "@maria to send…", "@maria: send…".
	leadingFiller = regexp.MustCompile(`(?i)^\s*(?:[:,—–-]\s*)?(?:(?:will|to)\s+)?`)
	// noDateSuffix is an explicit "no date" at the end of a line.
	noDateSuffix = regexp.MustCompile(`(?i)[\s,;:(—–-]*\b(?:no (?:due )?date|no deadline)[)\s.!]*$`)
	mention      = regexp.MustCompile(`^<@([A-Z0-9]+)(?:\|[^<>]*)?>`)
	ownerSep     = regexp.MustCompile(`(?i)^(?:\s*,\s*|\s+and\s+|\s*&amp;\s*|\s+)`)
)

// cutNoDate removes an explicit "no date" from the end of text.
func cutNoDate(text string) (string, bool) {
	loc := noDateSuffix.FindStringIndex(text)
	if loc == nil {
		return text, false
	}
	return text[:loc[0]], true
}

// leadingMentions reads the user mentions that start s, separated by
// spaces, commas or "and", and returns their IDs (without repeats) and the
// rest of s.
func leadingMentions(s string) ([]string, string) {
	var ids []string
	rest := strings.TrimLeftFunc(s, unicode.IsSpace)
	for {
		m := mention.FindStringSubmatch(rest)
		if m == nil {
			return ids, rest
		}
		if !slices.Contains(ids, m[1]) {
			ids = append(ids, m[1])
		}
		rest = rest[len(m[0]):]
		if sep := ownerSep.FindString(rest); sep != "" && mention.MatchString(rest[len(sep):]) {
			rest = rest[len(sep):]
		}
	}
}
