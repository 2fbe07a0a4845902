package commitment

import (
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/dates"
)

// Reply is what a DM reply to the bot asks of a commitment.
type Reply struct {
	// Kind is a change kind; "" when the reply was not understood.
	Kind string
	Note string
	// Due is the new date of a changeDue; zero with Choices (an ambiguous
	// date), or when no date was given ("need more time"): the person is
	// then asked for one.
	Due     dates.Date
	Choices []dates.Date
	// Hint names which commitment ("done with the flyers" → "the flyers").
	Hint string
	// Err is a mistake to tell the user about (a date in the past, a drop
	// without a reason); Kind is then "".
	Err string
}

// replyPattern is a way people say what they want, with one group: what
// follows the phrase (a date, a reason, which item).
type replyPattern struct {
	kind string
	re   *regexp.Regexp
	// soft: a phrase that is also ordinary English ("due to the rain"),
	// read only when what follows makes sense.
	soft bool
}

// changeMoreTime is "more time": a new date, given or to be asked, and
// what follows may be a reason rather than a date.
const changeMoreTime = "more_time"

// wordEnd ends a phrase whose last letter may be accented ("sí", "terminé"),
// where RE2's \b, which knows only ASCII letters, does not match.
const wordEnd = `(?:\b|[\s,;:.!]|$)(.*)$`

// rx compiles a case-insensitive pattern that starts the reply.
func rx(pattern string) *regexp.Regexp { return regexp.MustCompile(`(?i)^` + pattern) }

// replyPatterns are tried in order: the longer, more specific phrases ("more
// time", "almost done", "no problem") before the words they contain.
var replyPatterns = []replyPattern{
	{changeDue, rx(`(?:(?:it'?s|it\s+is|i'?ve|i\s+have|we'?ve|please|let'?s|i'?d\s+like\s+to|i\s+want\s+to|i\s+need\s+to|we\s+need\s+to|can\s+(?:we|i|you)|could\s+(?:we|i|you)|may\s+i|i'?ll\s+have\s+to|have\s+to|need\s+to)\s+){0,2}(?:moved|move|moving|pushed|push|pushing|postponed|postpone|rescheduled|reschedule|delayed|delay|changed|change|extended|extend|bumped|bump|shifted|shift)(?:\s+(?:it|the\s+date|the\s+due\s+date|the\s+deadline|that|this|mine))?(?:\s+(?:back|out))?\s+(?:to|until|till|til|for|by)\b[\s:]*(.*)$`), false},
	{changeMoreTime, rx(`(?:.{0,40}?\b)?(?:more\s+time|extra\s+time|an?\s+extension|a\s+bit\s+longer|a\s+few\s+more\s+days)\b[\s,;:—–-]*(.*)$`), false},
	{changeDue, rx(`(?:new\s+(?:due\s+)?date|due\s+date|new\s+deadline)\b[\s:—–-]*(.*)$`), false},
	{changeDue, rx(`due\b[\s:—–-]*(.*)$`), true},
	{changeMoreTime, rx(`(?:necesito|necesitamos|me\s+hace\s+falta)\s+m[aá]s\s+tiempo\b[\s,;:—–-]*(.*)$`), false},
	{changeDue, rx(`(?:(?:podemos|puedo|podr[ií]amos|quiero)\s+)?(?:moverlo|moverla|mover|mu[eé]velo|cambiarlo|cambiar|posponerlo|posponer|posp[oó]n|aplazarlo|aplazar)(?:\s+la\s+fecha)?\s+(?:al?|para|hasta)\b\s*(.*)$`), false},
	{changeOnTrack, rx(`(?:it'?s\s+|i'?m\s+|we'?re\s+|still\s+|all\s+)?(?:on\s+track|on\s+it|in\s+progress|going\s+(?:well|fine|ok|okay|good)|all\s+good|(?:still\s+)?working\s+on\s+it|getting\s+there|almost\s+(?:done|there|finished)|nearly\s+(?:done|there|finished)|making\s+progress|under\s*way)\b[\s:,—–-]*(.*)$`), false},
	{changeOnTrack, rx(`(?:en\s+eso|en\s+progreso|va\s+bien|voy\s+bien|vamos\s+bien|sigo\s+(?:trabajando|en\s+eso)|trabajando\s+en\s+(?:ello|eso))\b[\s:,—–-]*(.*)$`), false},
	{changeNeedHelp, rx(`(?:i\s+|we\s+)?(?:need|needs|could\s+use|would\s+like)\s+(?:some\s+|a\s+little\s+)?(?:help|a\s+hand)\b[\s:—–-]*(.*)$`), false},
	{changeNeedHelp, rx(`(?:can|could)\s+(?:someone|somebody|anyone|you)\s+help\b[\s:—–-]*(.*)$`), false},
	{changeNeedHelp, rx(`(?:help|necesito\s+ayuda|necesitamos\s+ayuda|ayuda)\b[\s:—–-]*(.*)$`), false},
	{changeBlocked, rx(`(?:i'?m\s+|i\s+am\s+|we'?re\s+|it'?s\s+)?(?:blocked|stuck)\b[\s:—–-]*(.*)$`), false},
	{changeBlocked, rx(`(?:estoy\s+|estamos\s+)?(?:atascad[oa]s?|bloquead[oa]s?|trabad[oa]s?)\b[\s:—–-]*(.*)$`), false},
	{changeDrop, rx(`(?:drop|dropped|dropping|cancel|cancelled|canceled|not\s+doing\s+it)\b[\s:—–-]*(.*)$`), false},
	{changeAccept, rx(`(?:(?:happy|glad)\s+to\s+help|no\s+problem|no\s+worries|yes|yeah|yep|yup|sure|ok|okay|accept|accepted|i\s+accept|i'?m\s+in|happy\s+to|glad\s+to|will\s+do|i'?ll\s+do\s+it|i\s+can\s+do\s+(?:it|that)|count\s+me\s+in|absolutely|of\s+course|definitely|sounds\s+good|s[ií]|claro|acepto|de\s+acuerdo|vale|con\s+gusto|por\s+supuesto)` + wordEnd), false},
	{changeDecline, rx(`((?:sorry,?\s+)?(?:i\s+)?(?:can'?t|can’t|cannot|can\s+not|won'?t\s+be\s+able|am\s+not\s+able|'m\s+not\s+able|unable)\b.*)$`), false},
	{changeDecline, rx(`(no\s+puedo\b.*)$`), false},
	{changeDecline, rx(`(?:no|nope|nah|decline|declined|i\s+decline|i'?ll\s+pass|pass)\b[\s,;:.!—–-]*(.*)$`), false},
	{changeDone, rx(`(?:it'?s\s+|it\s+is\s+|that'?s\s+|i'?m\s+|all\s+|just\s+|finally\s+|i'?ve\s+|i\s+have\s+|i\s+|we\s+|we'?ve\s+)?(?:done|finished|completed|complete|did\s+it|all\s+set|sent\s+it)\b(.*)$`), false},
	{changeDone, rx(`(?:ya\s+)?(?:listo|lista|hecho|hecha|terminado|terminada|termin[eé]|completado|completada|ya\s+est[aá]|lo\s+hice)` + wordEnd), false},
}

// ParseReply reads a reply in the bot's DM — "done", "done with the
// flyers", "need more time until Friday", "can we push it to next week?",
// "on track", "need help: waiting on county data", "stuck", "yes, happy
// to", "no, I'm out that week", "drop: no longer needed", "listo",
// "necesito más tiempo hasta el viernes" — with dates read relative to now
// in loc and numeric ones in order. It does no I/O.
func ParseReply(text string, now time.Time, loc *time.Location, order dates.Order) Reply {
	s := tidyReply(kit.CleanText(text))
	if utf8.RuneCountInString(s) > maxNoteLen {
		return Reply{Err: "That is a long message! Keep an update under 1,000 characters, or use the buttons."}
	}
	return readReply(s, now, loc, order, true)
}

// readReply reads s with the patterns; after a yes (withAccept false) the
// rest is read for what else it says ("yes, done", "sure, but can we push
// it to Friday?").
func readReply(s string, now time.Time, loc *time.Location, order dates.Order, withAccept bool) Reply {
	for _, p := range replyPatterns {
		if p.kind == changeAccept && !withAccept {
			continue
		}
		m := p.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		if p.kind == changeAccept {
			return acceptReply(m[1], now, loc, order)
		}
		r := completeReply(p.kind, m[1], now, loc, order)
		if p.soft && r.Err != "" {
			continue
		}
		return r
	}
	return Reply{}
}

// greeting and thanks are words around a reply that say nothing about it.
var (
	greeting = rx(`(?:hi|hey|hello|hola|buenas|ok\s+so|so|um+|well|thanks|thank\s+you|gracias)\b[\s,!.:—–-]*`)
	thanks   = regexp.MustCompile(`(?i)[\s,.!—–-]*\b(?:thanks|thank you|thx|ty|please|pls|gracias|por favor)[\s.!]*$`)
)

// tidyReply trims a reply and the greeting, thanks and punctuation
// around it.
func tidyReply(s string) string {
	s = strings.TrimSpace(s)
	if word, ok := emojiWords[s]; ok {
		return word
	}
	s = strings.TrimLeft(s, "¿¡ ")
	if loc := greeting.FindStringIndex(s); loc != nil && loc[1] < len(s) {
		s = s[loc[1]:]
	}
	s = thanks.ReplaceAllString(s, "")
	return strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsSymbol(r) || strings.ContainsRune("!.?¿¡", r) || r == '\ufe0f'
	})
}

// emojiWords read a reply that is one emoji: a thumbs up answers yes, a
// check mark says done.
var emojiWords = map[string]string{"👍": "ok", "👌": "ok", "🙆": "ok", "✅": "done", "✔️": "done", "☑️": "done"}

// completeReply reads what follows the phrase of kind.
func completeReply(kind, raw string, now time.Time, loc *time.Location, order dates.Order) Reply {
	r, rest := Reply{Kind: kind}, strings.TrimSpace(raw)
	switch kind {
	case changeDone:
		return doneReply(rest)
	case changeDue:
		return dueReply(rest, now, loc, order)
	case changeMoreTime:
		if r := dueReply(rest, now, loc, order); r.Kind != "" || looksDated(rest) {
			return r
		}
		return Reply{Kind: changeDue, Note: rest} // "more time: the printer broke"
	case changeDrop:
		if rest == "" {
			return Reply{Err: "Say why, so the group knows — for example `drop: the event was cancelled`."}
		}
		r.Note = rest
	case changeDecline:
		if rest == "" {
			return Reply{Err: "Say why you can't take it on, so the person who asked knows — for example `no, I'm away that week`."}
		}
		r.Note = rest
	default:
		r.Note = strings.TrimLeft(rest, ",;:—–- ")
	}
	return r
}

// acceptReply reads what follows a yes: nothing much ("yes, happy to"),
// or what else it says ("yes, done", "sure, but can we push it to
// Friday?"); a decline after a yes is not one ("ok, no problem").
func acceptReply(rest string, now time.Time, loc *time.Location, order dates.Order) Reply {
	rest = strings.TrimLeft(rest, ",;:.!—–- ")
	for _, but := range []string{"but ", "though ", "and "} {
		rest, _ = cutPrefixFold(rest, but)
	}
	if r := readReply(strings.TrimSpace(rest), now, loc, order, false); r.Err != "" || r.Kind != "" && r.Kind != changeDecline {
		return r
	}
	return Reply{Kind: changeAccept}
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
		hint, _ := cutPrefixFold(strings.TrimSpace(rest), "with ")
		r.Hint = strings.TrimSpace(hint)
	}
	return r
}

// dueReply reads the new date after "moved to", "more time until"…; no
// date at all is a change still to be dated, asked with a date picker.
func dueReply(rest string, now time.Time, loc *time.Location, order dates.Order) Reply {
	rest = dateIntro.ReplaceAllString(rest, "")
	if rest == "" {
		return Reply{Kind: changeDue}
	}
	d, err := dates.Read(rest, now, loc, order)
	var de *dates.Error
	switch {
	case errors.As(err, &de):
		return Reply{Err: de.Msg}
	case err != nil:
		return Reply{Err: "I couldn't read that date. Try `moved to Dec 12`."}
	case d.Ambiguous():
		return Reply{Kind: changeDue, Choices: d.Choices}
	}
	return Reply{Kind: changeDue, Due: d.Date}
}

// dateIntro is what may come between "more time" and its date: "until",
// "to", "for", "please, until".
var dateIntro = rx(`(?:(?:please|pls|por\s+favor)\b[\s,]*)?(?:(?:to|until|till|til|for|by|hasta|para|al)\s+|[—–:-]\s*)?`)

// looksDated reports whether what follows "more time" was meant as a date
// that cannot be used, rather than a reason ("the printer broke").
func looksDated(rest string) bool { return dates.LooksLikeDate(dateIntro.ReplaceAllString(rest, "")) }

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
