package dates

import "strings"

// looksLikeDate reports whether words, following "by" or the like, start
// like a date: "Friday please", "the 3rd week of January", "2 weeks",
// "mid-Dec". "the river", "15 percent" and "email" do not.
func looksLikeDate(w []string) bool {
	if len(w) == 0 {
		return false
	}
	if isDatelike(w[0]) {
		return true
	}
	return len(w) > 1 && leadsDate(w[0]) && isDatelike(w[1])
}

// leadsDate: words that may come before the date-like word of a phrase.
func leadsDate(s string) bool {
	if _, ok := count(s); ok {
		return true
	}
	switch s {
	case "next", "this", "the", "end", "early", "mid", "late", "coming", "around", "sometime", "in", "within",
		"el", "la", "fin", "próximo", "proximo", "a", "first", "couple":
		return true
	}
	return false
}

// isDatelike: a word that is part of a date or a time of day.
func isDatelike(s string) bool {
	if _, _, ok := weekdayOf(s); ok {
		return true
	}
	if _, ok := monthOf(s); ok {
		return true
	}
	if _, ok := spanishDays[s]; ok {
		return true
	}
	switch strings.TrimSuffix(s, "s") {
	case "today", "tomorrow", "tonight", "tmrw", "tmr", "yesterday", "week", "weekend", "month", "year",
		"eod", "eow", "eom", "eoy", "cob", "eob", "noon", "midday", "midnight", "morning", "afternoon", "evening",
		"day", "fortnight", "soon", "asap", "christma", "xma", "quarter", "hoy", "mañana", "semana", "día", "dia":
		return true
	}
	if _, ok := dayNumber(s); ok && !digits(s, 1, 2) {
		return true // "15th"
	}
	if mod, _, ok := strings.Cut(s, "-"); ok && isVagueModifier(mod) {
		return true
	}
	switch s {
	case "mes", "meses", "días", "dias":
		return true
	}
	return isQuarter(s) || isClock(s, false) || numericDate(s)
}

// numericDate: "12/15", "12/15/2026", "2026-12-15".
func numericDate(s string) bool {
	p := strings.Split(s, "/")
	if len(p) >= 2 && len(p) <= 3 && digits(p[0], 1, 2) && digits(p[1], 1, 2) {
		return true
	}
	p = strings.Split(s, "-")
	return len(p) == 3 && digits(p[0], 4, 4) && digits(p[1], 1, 2)
}

// LooksLikeDate reports whether phrase starts like a date ("Friday
// please", "Dec 40", "the 3rd week of May"), even one that cannot be read.
func LooksLikeDate(phrase string) bool { return looksLikeDate(normalize(phrase)) }
