package dates

import (
	"strings"
)

// withTimeOfDay reads a day with a time of day before or after it: "Friday
// 5pm", "Monday at noon", "Dec 15 at 3pm", "EOD Friday", "Friday COB",
// "tomorrow morning". The time is dropped: due dates are days. A time
// alone ("by 5pm", "by end of day") is today.
func withTimeOfDay(w []string, today Date, order Order) (result, bool) {
	if r, ok := dayAndHour(w, today); ok {
		return r, true
	}
	if rest, ok := cutTimeAfter(w); ok {
		return dayOrToday(rest, w, today, order)
	}
	if rest, ok := cutTimeBefore(w); ok {
		if rest[0] == "on" || rest[0] == "by" {
			rest = rest[1:] // "5pm on Friday"
		}
		return dayOrToday(rest, w, today, order)
	}
	return result{}, false
}

// dayOrToday reads rest, what is left of all once a time is cut. Nothing
// left is today, a phrase that may end a line only after an introducer,
// unless it is "end of day"; "this" left of "this afternoon" is today too.
func dayOrToday(rest, all []string, today Date, order Order) (result, bool) {
	if len(rest) == 0 || len(rest) == 1 && rest[0] == "this" {
		return result{date: today, bare: isEndOfDay(all) || len(rest) == 1}, true
	}
	return recognizeDay(rest, today, order)
}

// dayAndHour reads a bare hour after a weekday or "tomorrow": "Friday 5",
// "tomorrow 9". After a month it is a day ("Dec 9"), read elsewhere.
func dayAndHour(w []string, today Date) (result, bool) {
	n := len(w)
	if n < 2 || !hourMinute(w[n-1], 12) {
		return result{}, false
	}
	if r, ok := keyword(w[:n-1], today); ok && r.err == nil {
		return r, true
	}
	return weekday(w[:n-1], today)
}

// isEndOfDay reports whether w is only an end-of-day phrase, which may end
// a line on its own: "Send flyers EOD".
func isEndOfDay(w []string) bool {
	n, ok := endOfDayLen(w, 0)
	return ok && n == len(w)
}

// cutTimeAfter cuts a time of day from the end of w: "friday at 5pm" →
// "friday".
func cutTimeAfter(w []string) ([]string, bool) {
	for k := max(0, len(w)-5); k < len(w); k++ {
		if n, ok := timeLen(w, k); ok && k+n == len(w) {
			rest := w[:k]
			if len(rest) > 0 && rest[len(rest)-1] == "at" {
				rest = rest[:len(rest)-1]
			}
			return rest, true
		}
	}
	return nil, false
}

// cutTimeBefore cuts a time of day from the start of w: "eod friday",
// "5pm on friday", "noon tomorrow".
func cutTimeBefore(w []string) ([]string, bool) {
	k := 0
	if len(w) > 0 && (w[0] == "at" || w[0] == "the") {
		k = 1 // "at 5pm Friday", "the end of the day tomorrow"
	}
	n, ok := timeLen(w, k)
	if !ok || k+n >= len(w) || isPartOfDay(w[k]) || w[k] == "night" {
		return nil, false // "Plan movie night Friday": the night is the task's
	}
	return w[k+n:], true
}

// timeLen returns how many words from k make a time of day.
func timeLen(w []string, k int) (int, bool) {
	if n, ok := endOfDayLen(w, k); ok {
		return n, true
	}
	if k >= len(w) {
		return 0, false
	}
	switch w[k] {
	case "noon", "midday", "midnight", "morning", "afternoon", "evening", "night":
		return 1, true
	case "first":
		if k+1 < len(w) && w[k+1] == "thing" {
			return 2, true
		}
	case "in", "at":
		if k+2 < len(w) && w[k+1] == "the" && isPartOfDay(w[k+2]) {
			return 3, true
		}
	}
	if k+1 < len(w) && isMeridiem(w[k+1]) && hourMinute(w[k], 12) {
		return 2, true // "5 pm"
	}
	if isClock(w[k], k > 0 && w[k-1] == "at") {
		return 1, true
	}
	return 0, false
}

// endOfDayLen reads "eod", "cob", "end of day", "end of the day", "close of
// business", "end of business" from k.
func endOfDayLen(w []string, k int) (int, bool) {
	if k >= len(w) {
		return 0, false
	}
	switch w[k] {
	case "eod", "cob", "eob", "eop":
		return 1, true
	}
	if k+2 >= len(w) || (w[k] != "end" && w[k] != "close") || w[k+1] != "of" {
		return 0, false
	}
	switch w[k+2] {
	case "day", "business", "play":
		return 3, true
	case "the":
		if k+3 < len(w) && (w[k+3] == "day" || w[k+3] == "business" || w[k+3] == "workday") {
			return 4, true
		}
	}
	return 0, false
}

func isPartOfDay(s string) bool {
	return s == "morning" || s == "afternoon" || s == "evening"
}

func isMeridiem(s string) bool {
	switch s {
	case "am", "pm", "a.m", "p.m":
		return true
	}
	return false
}

// isClock reads "5pm", "5:30", "17:00", "5:30pm", "9am", and a bare hour
// ("5") only after "at".
func isClock(s string, afterAt bool) bool {
	for _, m := range []string{"am", "pm", "a.m", "p.m"} {
		if t, ok := strings.CutSuffix(s, m); ok {
			return hourMinute(t, 12)
		}
	}
	if strings.Contains(s, ":") {
		return hourMinute(s, 23)
	}
	return afterAt && hourMinute(s, 12)
}

// hourMinute reads "5" or "5:30" with an hour up to maxHour.
func hourMinute(s string, maxHour int) bool {
	h, m, hasMinutes := strings.Cut(s, ":")
	if !digits(h, 1, 2) || atoi(h) > maxHour {
		return false
	}
	return !hasMinutes || digits(m, 2, 2) && atoi(m) < 60
}
