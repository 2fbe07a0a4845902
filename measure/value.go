package measure

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Unit is what an indicator's values measure.
type Unit string

// The units.
const (
	Count       Unit = "count"
	Percent     Unit = "percent"
	RatePer1000 Unit = "rate_per_1000"
	Currency    Unit = "currency"
	Number      Unit = "number"
)

// Units lists the units.
func Units() []Unit { return []Unit{Count, Percent, RatePer1000, Currency, Number} }

// Valid reports whether u is a known unit.
func (u Unit) Valid() bool { return slices.Contains(Units(), u) }

// Label names the unit for people.
func (u Unit) Label() string {
	switch u {
	case Count:
		return "count (whole number)"
	case Percent:
		return "percent (0–100)"
	case RatePer1000:
		return "rate per 1,000"
	case Currency:
		return "currency"
	}
	return "number"
}

const (
	maxMagnitude = 1e12
	maxDecimals  = 6
)

// ParseValue reads a value of unit u as people type it: "1234", "1,234",
// "1 234", "18.5%", "$12,000". The error says why a value is refused and
// what to write instead.
func ParseValue(s string, u Unit) (float64, error) {
	body := strings.TrimSpace(s)
	if body == "" {
		return 0, errorf("Give a value, such as %s.", Example(u))
	}
	body, pct := cutSuffix(body, "%")
	body, money := cutCurrency(body)
	switch {
	case pct && u != Percent:
		return 0, errorf("%q has a %% sign, but this indicator is a %s. Write it without %%, such as %s.", snippet(s, 30), u.Label(), Example(u))
	case money && u != Currency:
		return 0, errorf("%q has a currency sign, but this indicator is a %s. Write it as a plain number, such as %s.", snippet(s, 30), u.Label(), Example(u))
	}
	v, decimals, err := parseNumber(body, s)
	if err != nil {
		return 0, err
	}
	return v, checkRange(v, decimals, u, s)
}

func cutSuffix(s, suffix string) (string, bool) {
	if rest, ok := strings.CutSuffix(s, suffix); ok {
		return strings.TrimSpace(rest), true
	}
	return s, false
}

// cutCurrency removes a currency sign in front, after any minus sign.
func cutCurrency(s string) (string, bool) {
	sign := ""
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		sign, s = "-", rest
	}
	for _, sym := range []string{"$", "€", "£"} {
		if rest, ok := strings.CutPrefix(s, sym); ok {
			return sign + strings.TrimSpace(rest), true
		}
	}
	return sign + s, false
}

// parseNumber reads an optionally signed decimal number with thousands
// separators; it returns the value and its number of decimals.
func parseNumber(body, typed string) (float64, int, error) {
	sign := ""
	if rest, ok := strings.CutPrefix(body, "-"); ok {
		sign, body = "-", rest
	} else if rest, ok := strings.CutPrefix(body, "+"); ok {
		body = rest
	}
	intPart, frac, hasPoint := strings.Cut(body, ".")
	digits, ok := ungroup(intPart)
	if !ok || (hasPoint && !allDigits(frac)) || (digits == "" && frac == "") {
		return 0, 0, errNotANumber(typed)
	}
	if len(frac) > maxDecimals {
		return 0, 0, errorf("%q has too many decimals: keep at most %d.", snippet(typed, 30), maxDecimals)
	}
	v, err := strconv.ParseFloat(sign+orZero(digits)+"."+orZero(frac), 64)
	if err != nil || math.IsInf(v, 0) || math.Abs(v) >= maxMagnitude {
		return 0, 0, errorf("%q is too large: values stay below a trillion.", snippet(typed, 30))
	}
	if v == 0 {
		v = 0 // no negative zero
	}
	return v, len(strings.TrimRight(frac, "0")), nil
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

// ungroup removes thousands separators (a comma, or a kind of space), used
// consistently between groups of three digits.
func ungroup(s string) (string, bool) {
	sep := ""
	for _, r := range s {
		if r < '0' || r > '9' {
			sep = string(r)
			break
		}
	}
	if sep == "" {
		return s, true
	}
	if !isSeparator(sep) {
		return "", false
	}
	groups := strings.Split(s, sep)
	for i, g := range groups {
		if !allDigits(g) || g == "" || (i == 0 && len(g) > 3) || (i > 0 && len(g) != 3) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

func isSeparator(s string) bool {
	return s == "," || s == " " || s == "\u00a0" || s == "\u202f" || s == "\u2009"
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// checkRange applies the unit's rules to a parsed value.
func checkRange(v float64, decimals int, u Unit, typed string) error {
	q := snippet(strings.TrimSpace(typed), 30)
	switch {
	case v < 0 && u != Number:
		return errorf("%q is negative, but a %s can't be. Give a value of 0 or more.", q, u.Label())
	case u == Count && decimals > 0:
		return errorf("%q is not a whole number, but this indicator counts. Give a whole number, such as 412.", q)
	case u == Percent && v > 100:
		return errorf("%q is over 100%%. Give a percent from 0 to 100, such as 18.5%%.", q)
	case u == RatePer1000 && v > 1000:
		return errorf("%q is over 1,000, and this is a rate per 1,000. Give a rate from 0 to 1,000, such as 12.5.", q)
	case u == Currency && decimals > 2:
		return errorf("%q has more than two decimals, and this is an amount of money. Round it to cents, such as 12,000.50.", q)
	}
	return nil
}

func errNotANumber(typed string) *Error {
	t := strings.TrimSpace(typed)
	if strings.Count(t, ",") == 1 {
		if _, frac, _ := strings.Cut(t, ","); len(frac) > 0 && len(frac) != 3 && allDigits(strings.TrimRight(frac, "%")) {
			return errorf("%q: use a point for decimals (18.5) and commas only between thousands (1,234).", snippet(t, 30))
		}
	}
	return errorf("%q is not a number I can read. Write digits, with commas or spaces between thousands and a point for decimals: 1,234 or 18.5.", snippet(t, 30))
}

// Example is a value of unit u to show in messages, such as "18.5%".
func Example(u Unit) string {
	switch u {
	case Count:
		return "412"
	case Percent:
		return "18.5%"
	case RatePer1000:
		return "12.5"
	case Currency:
		return "$12,000"
	}
	return "3.2"
}
