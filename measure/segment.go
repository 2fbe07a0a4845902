package measure

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Dimension is a way to disaggregate an indicator, such as town or grade,
// with the values it allows.
type Dimension struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// Limits on dimensions, so that segments fit in forms and messages.
const (
	MaxDimensions  = 4
	MaxDimValues   = 20
	maxDimNameLen  = 30
	maxDimValueLen = 40
)

var dimNameRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// ParseDimensions reads one dimension per line, as "town: Greenfield,
// Orange, Athol". Blank lines are skipped.
func ParseDimensions(text string) ([]Dimension, error) {
	var dims []Dimension
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		d, err := parseDimension(line)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(dims, func(o Dimension) bool { return o.Name == d.Name }) {
			return nil, errorf("The dimension %s is listed twice. List each one once, with all its values.", d.Name)
		}
		dims = append(dims, d)
	}
	if len(dims) > MaxDimensions {
		return nil, errorf("That is %d dimensions; keep it to %d, so that reporting stays quick.", len(dims), MaxDimensions)
	}
	return dims, nil
}

func parseDimension(line string) (Dimension, error) {
	name, list, ok := strings.Cut(line, ":")
	name = strings.ToLower(strings.TrimSpace(name))
	if !ok {
		return Dimension{}, errorf("Write each dimension on its own line as name: value, value — such as `town: Greenfield, Orange, Athol` (%q has no colon).", snippet(strings.TrimSpace(line), 40))
	}
	if !dimNameRe.MatchString(name) || len(name) > maxDimNameLen || name == "partner" {
		return Dimension{}, errorf("%q can't be a dimension name: use lowercase letters, digits and _, starting with a letter, such as race_ethnicity (and not partner).", snippet(name, 40))
	}
	d := Dimension{Name: name}
	for _, v := range strings.Split(list, ",") {
		v = strings.Join(strings.Fields(v), " ")
		if v == "" {
			continue
		}
		if err := checkDimValue(name, v); err != nil {
			return Dimension{}, err
		}
		if slices.ContainsFunc(d.Values, func(o string) bool { return strings.EqualFold(o, v) }) {
			return Dimension{}, errorf("%s lists %q twice.", name, v)
		}
		d.Values = append(d.Values, v)
	}
	switch n := len(d.Values); {
	case n < 2:
		return Dimension{}, errorf("Give %s at least two values, separated by commas, such as `%s: Greenfield, Orange`.", name, name)
	case n > MaxDimValues:
		return Dimension{}, errorf("%s has %d values; keep it to %d.", name, n, MaxDimValues)
	}
	return d, nil
}

func checkDimValue(name, v string) error {
	if utf8.RuneCountInString(v) > maxDimValueLen {
		return errorf("The %s value %q is too long; keep values to %d characters.", name, snippet(v, 30), maxDimValueLen)
	}
	if strings.ContainsAny(v, ";=|\"“”") {
		return errorf("The %s value %q has a character values can't have (; = | or quotes).", name, snippet(v, 30))
	}
	return nil
}

// FormatDimensions writes dims in the form ParseDimensions reads.
func FormatDimensions(dims []Dimension) string {
	lines := make([]string, 0, len(dims))
	for _, d := range dims {
		lines = append(lines, d.Name+": "+strings.Join(d.Values, ", "))
	}
	return strings.Join(lines, "\n")
}

// Segment is the canonical name of the segment that given (dimension name
// → value, as typed) picks: "" for the total, else "town=Greenfield" or
// "town=Greenfield;grade=8", in the definition's order and spelling.
func Segment(dims []Dimension, given map[string]string) (string, error) {
	names := make([]string, 0, len(dims))
	for _, d := range dims {
		names = append(names, d.Name)
	}
	for name := range given {
		if !slices.Contains(names, name) {
			return "", errUnknownDimension(name, names)
		}
	}
	var parts []string
	for _, d := range dims {
		typed, ok := given[d.Name]
		if !ok {
			continue
		}
		i := slices.IndexFunc(d.Values, func(v string) bool { return strings.EqualFold(v, strings.TrimSpace(typed)) })
		if i < 0 {
			return "", errorf("%q is not one of the %s values. Use one of: %s.", snippet(typed, 30), d.Name, strings.Join(d.Values, ", "))
		}
		parts = append(parts, d.Name+"="+d.Values[i])
	}
	return strings.Join(parts, ";"), nil
}

func errUnknownDimension(name string, names []string) *Error {
	if len(names) == 0 {
		return errorf("This indicator is not broken down by anything, so %s= can't be used. Report the total alone.", snippet(name, 30))
	}
	msg := fmt.Sprintf("This indicator is not broken down by %s. Its dimensions are: %s.", snippet(name, 30), strings.Join(names, ", "))
	if near := Nearest(name, names, 1); len(near) > 0 {
		msg += " Did you mean " + near[0] + "=?"
	}
	return &Error{Msg: msg}
}

// SegmentParts splits a canonical segment into name and value pairs.
func SegmentParts(segment string) [][2]string {
	if segment == "" {
		return nil
	}
	var out [][2]string
	for _, part := range strings.Split(segment, ";") {
		name, value, _ := strings.Cut(part, "=")
		out = append(out, [2]string{name, value})
	}
	return out
}

// SegmentLabel shows a segment for people: "total", or "town: Greenfield".
func SegmentLabel(segment string) string {
	parts := SegmentParts(segment)
	if len(parts) == 0 {
		return "total"
	}
	labels := make([]string, 0, len(parts))
	for _, p := range parts {
		labels = append(labels, p[0]+": "+p[1])
	}
	return strings.Join(labels, ", ")
}

// SingleSegments lists the segments that fix one dimension to one value,
// in the definition's order: the breakdowns a form asks for.
func SingleSegments(dims []Dimension) []string {
	var out []string
	for _, d := range dims {
		for _, v := range d.Values {
			out = append(out, d.Name+"="+v)
		}
	}
	return out
}
