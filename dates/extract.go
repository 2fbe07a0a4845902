package dates

import (
	"strings"
	"time"
	"unicode"
)

// maxPhraseWords bounds the words a trailing phrase may have; among the
// longest is "Friday, December 11th, 2026 at 5:30 pm", seven.
const maxPhraseWords = 9

// Found is what Extract finds in a line: the text before the date phrase
// and what the phrase means (a date, or two choices), or the line as is
// and no date.
type Found struct {
	// Text is the trimmed line up to the phrase and its introducer ("by",
	// "due", "—"…), without trailing punctuation; it may be empty ("by
	// Friday" alone). It is the line as is when no date was found.
	Text string
	Reading
	// Phrase is the date phrase as written, without its introducer.
	Phrase string
}

// Dated reports whether a date phrase was found: a date, or two choices.
func (f Found) Dated() bool { return !f.Date.IsZero() || f.Ambiguous() }

// Extract finds a due-date phrase at the end of a commitment line: "Send
// flyers by Friday" gives "Send flyers" and Friday's date; "Send flyers by
// 8/12" gives the two dates it may mean (with order Ask). When no phrase is
// found, the Found holds line as is and no date. When a phrase is found but
// cannot be used ("by Feb 30", "by yesterday", "by mid December"), or a
// phrase after "by", "due", "before" or "until" looks like a date but cannot
// be read ("by Friday please"), the error, an *Error, says what to write.
// See the package documentation for which phrases count.
func Extract(line string, now time.Time, loc *time.Location, order Order) (Found, error) {
	today := Today(now, loc)
	s := strings.TrimSpace(line)
	words := spans(s)
	none := Found{Text: line}
	if k, r, ok := trailingPhrase(s, words, today, order); ok {
		cut, intro := introducerStart(s, words, k)
		blocked := intro == noIntro && (!r.bare || (k > 0 && blocksDate(plainWord(s, words[k-1]))))
		switch {
		case blocked:
		case r.err != nil && (intro == strongIntro || r.explicit):
			return none, asWritten(r.err, s[words[k].start:], today)
		case r.err == nil:
			text := strings.TrimRightFunc(s[:cut], isTrailingJunk)
			return Found{Text: text, Reading: Reading{Date: r.date, Choices: r.choices}, Phrase: s[words[k].start:]}, nil
		}
	}
	if err := unreadableAfterIntroducer(s, words, today); err != nil {
		return none, err
	}
	return none, nil
}

// unreadableAfterIntroducer refuses a line whose last "by", "due",
// "before", "until" or "till" is followed by what looks like a date but is
// not one Extract reads at the end of the line: "by Friday please", "by
// the 3rd week of January". Nothing is then silently left undated.
func unreadableAfterIntroducer(s string, words []span, today Date) error {
	for i := len(words) - 2; i >= 0; i-- {
		w := plainWord(s, words[i])
		if !isStrongWord(w) {
			continue
		}
		rest := normalize(s[words[i+1].start:])
		if looksLikeDate(rest) {
			return errUnreadable(strings.TrimSpace(s[words[i+1].start:]), today)
		}
		return nil
	}
	return nil
}

// isStrongWord: the introducers that, as words, nearly always introduce a
// date ("on" and dashes do not).
func isStrongWord(w string) bool {
	switch w {
	case "by", "due", "before", "until", "till", "til", "hasta", "para":
		return true
	}
	return false
}

// span is a word of a line, by byte offsets.
type span struct{ start, end int }

// spans splits s into words at white space; dashes "—" and "–" are words
// of their own even when they touch others ("flyers—Friday").
func spans(s string) []span {
	var out []span
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, span{start, end})
			start = -1
		}
	}
	for i, r := range s {
		switch {
		case unicode.IsSpace(r):
			flush(i)
		case r == '—' || r == '–':
			flush(i)
			out = append(out, span{i, i + len(string(r))})
		case start < 0:
			start = i
		}
	}
	flush(len(s))
	return out
}

// trailingPhrase returns the index of the first word of the longest date
// phrase that ends s.
func trailingPhrase(s string, words []span, today Date, order Order) (int, result, bool) {
	for k := max(0, len(words)-maxPhraseWords); k < len(words); k++ {
		if r, ok := recognize(normalize(s[words[k].start:]), today, order); ok {
			return k, r, true
		}
	}
	return 0, result{}, false
}

// introduction is how a trailing date phrase is introduced.
type introduction int

const (
	// noIntro: a bare phrase, "Draft the MOU Dec 15".
	noIntro introduction = iota
	// weakIntro: only "on", which also introduces plain words ("Follow up
	// on yesterday"), so only explicit calendar dates give errors after it.
	weakIntro
	// strongIntro: "by", "due", "before", "until", a dash...
	strongIntro
)

// introducerStart returns where the text before the phrase starting at word
// k ends, before up to two introducers ("due by"), and how strong they are.
func introducerStart(s string, words []span, k int) (cut int, intro introduction) {
	cut = words[k].start
	for n := 0; n < 2 && k > 0; n++ {
		w := plainWord(s, words[k-1])
		if !isIntroducer(w) {
			break
		}
		k--
		cut = words[k].start
		if w == "on" {
			intro = max(intro, weakIntro)
		} else {
			intro = strongIntro
		}
	}
	return cut, intro
}

// plainWord returns word w of s, lowercased, without surrounding
// punctuation.
func plainWord(s string, w span) string {
	return strings.Trim(strings.ToLower(s[w.start:w.end]), `()[],:;.!?"'“”‘’`)
}

// blocksDate reports whether a date right after w is part of the text, not a
// due date: "Plan for Friday", "what we did last Friday".
func blocksDate(w string) bool {
	switch w {
	case "the", "a", "an", "for", "from", "since", "after", "of", "at", "to", "in",
		"last", "every", "each", "per", "than", "about", "with", "and", "or",
		"between", "during", "through", "past", "this", "that", "is", "was":
		return true
	}
	return false
}

// isTrailingJunk reports whether r is cut from the end of the text.
func isTrailingJunk(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune(",;:(—–-", r)
}
