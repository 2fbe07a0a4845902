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
	// Due is the due date; the zero Date means no date.
	Due dates.Date
}

// ParseCommitText reads the text of a /commit, one commitment per line, with
// dates resolved relative to now in loc. It returns every line that parsed
// and a message for every line that did not; callers store nothing unless
// the second list is empty.
func ParseCommitText(text string, now time.Time, loc *time.Location) ([]CommitLine, []string) {
	var lines []CommitLine
	var errs []string
	physical := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	multi := countNonBlank(physical) > 1
	for i, raw := range physical {
		if strings.TrimSpace(raw) == "" {
			continue
		}
		l, err := parseCommitLine(raw, now, loc)
		l.N = i + 1
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

// parseCommitLine reads one line; the error is a message for the user.
func parseCommitLine(raw string, now time.Time, loc *time.Location) (CommitLine, string) {
	var l CommitLine
	rest := bullet.ReplaceAllString(raw, "")
	l.Owners, rest = leadingMentions(rest)
	text := kit.CleanText(rest)
	if len(l.Owners) > 0 {
		text = leadingFiller.ReplaceAllString(text, "")
	}
	text, noDate := cutNoDate(text)
	if !noDate {
		var err string
		if text, l.Due, err = extractDue(text, now, loc); err != "" {
			return l, err
		}
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

func extractDue(text string, now time.Time, loc *time.Location) (string, dates.Date, string) {
	rest, due, _, err := dates.Extract(text, now, loc)
	if err != nil {
		return text, due, err.Error() + " Or write `no date`."
	}
	return rest, due, ""
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
