package measure

import (
	"math"
	"strconv"
	"strings"
)

// Format shows a value of unit u for people, rounded to two decimals:
// "1,234", "18.5%", "12.5 per 1,000", "$12,000", "3.25".
func Format(v float64, u Unit) string {
	s := Plain(v)
	switch u {
	case Percent:
		return s + "%"
	case RatePer1000:
		return s + " per 1,000"
	case Currency:
		if strings.HasPrefix(s, "-") {
			return "-$" + s[1:]
		}
		return "$" + s
	}
	return s
}

// Plain shows v with thousands commas, rounded to two decimals, without a
// unit: "1,234.5".
func Plain(v float64) string {
	r := math.Round(v*100) / 100
	if r == 0 {
		r = 0 // no "-0"
	}
	s := strconv.FormatFloat(r, 'f', -1, 64)
	sign := ""
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		sign, s = "-", rest
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var sb strings.Builder
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			sb.WriteByte(',')
		}
		sb.WriteRune(d)
	}
	if hasFrac {
		sb.WriteString("." + frac)
	}
	return sign + sb.String()
}

// Exact shows v with every digit it has and no grouping, so ParseValue
// reads back the same number: "1234.5". It is the form for exports.
func Exact(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
