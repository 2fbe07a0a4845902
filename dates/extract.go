package dates

import (
	"strings"
	"time"
	"unicode"
)

// maxPhraseWords bounds the words a trailing phrase may have; the longest,
// "the 15th of December 2026", has five.
const maxPhraseWords = 6

// Extract finds a due-date phrase at the end of a commitment line: "Send
// flyers by Friday" gives "Send flyers" and Friday's date. The text is the
// trimmed line up to the phrase and its introducer ("by", "due", "—"...),
// without trailing punctuation; it may be empty ("by Friday" alone). When no
// phrase is found, Extract returns line as is, the zero Date and false. When
// a phrase is found but cannot be used ("by Feb 30", "by yesterday"), it
// returns line, the zero Date, false and an *Error. See the package
// documentation for which phrases count.
func Extract(line string, now time.Time, loc *time.Location) (text string, due Date, found bool, err error) {
	today := Today(now, loc)
	s := strings.TrimSpace(line)
	words := spans(s)
	k, r, ok := trailingPhrase(s, words, today)
	if !ok {
		return line, Date{}, false, nil
	}
	cut, intro := introducerStart(s, words, k)
	if intro == noIntro && (!r.bare || (k > 0 && blocksDate(plainWord(s, words[k-1])))) {
		return line, Date{}, false, nil
	}
	if r.err != nil {
		if intro == strongIntro || r.explicit {
			return line, Date{}, false, r.err
		}
		return line, Date{}, false, nil
	}
	return strings.TrimRightFunc(s[:cut], isTrailingJunk), r.date, true, nil
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
func trailingPhrase(s string, words []span, today Date) (int, result, bool) {
	for k := max(0, len(words)-maxPhraseWords); k < len(words); k++ {
		if r, ok := recognize(normalize(s[words[k].start:]), today); ok {
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
