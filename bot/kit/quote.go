package kit

import "unicode/utf8"

// Quote shows back, on one line of at most n characters, what someone typed:
// as Slack sent it or as CleanText stored it. User and channel mentions stay
// live mentions, everything else is escaped (no <!here>, no fake links), and
// a mention is never cut in half. Every quote of user text in a message goes
// through it.
func Quote(s string, n int) string {
	s = OneLine(CleanText(s))
	if utf8.RuneCountInString(s) <= n {
		return UserText(s)
	}
	cut := len(string([]rune(s)[:n-1]))
	for _, loc := range keptMarkup.FindAllStringIndex(s, -1) {
		if loc[0] < cut && cut < loc[1] {
			cut = loc[0]
		}
	}
	return UserText(s[:cut]) + "…"
}
