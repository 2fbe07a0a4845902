package importer

import (
	"fmt"
	"slices"
	"strings"
)

// Kind is what a file holds.
type Kind string

// The kinds of file, in the order a coalition is best brought in.
const (
	Partners   Kind = "partners"
	Groups     Kind = "groups"
	Members    Kind = "members"
	Indicators Kind = "indicators"
	Reports    Kind = "reports"
)

// Kinds lists every kind, in import order.
func Kinds() []Kind { return []Kind{Partners, Groups, Members, Indicators, Reports} }

// ParseKind reads a kind, singular or plural, ignoring case.
func ParseKind(s string) (Kind, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, k := range Kinds() {
		if s == string(k) || s+"s" == string(k) {
			return k, nil
		}
	}
	names := make([]string, 0, len(Kinds()))
	for _, k := range Kinds() {
		names = append(names, string(k))
	}
	return "", fmt.Errorf("%q is not a kind of file; use one of: %s", clip(s, 30), strings.Join(names, ", "))
}

// Columns are the kind's columns, in the order Export writes them.
func (k Kind) Columns() []string {
	switch k {
	case Partners:
		return []string{"name", "sector", "short_name", "archived"}
	case Groups:
		return []string{"name", "channel", "lead", "purpose", "archived"}
	case Members:
		return []string{"slack_id", "email", "name", "partner", "role", "timezone", "groups"}
	case Indicators:
		return []string{"key", "name", "definition", "unit", "direction", "cadence", "combine",
			"baseline", "baseline_period", "target", "target_period", "group", "dimensions", "partners", "archived"}
	case Reports:
		return []string{"indicator", "partner", "period", "segment", "value", "note"}
	}
	return nil
}

// Required are the columns a file of the kind must have. For members,
// "email" stands for "email or slack_id".
func (k Kind) Required() []string {
	switch k {
	case Partners:
		return []string{"name", "sector"}
	case Groups:
		return []string{"name", "channel"}
	case Members:
		return []string{"email"}
	case Indicators:
		return []string{"key", "name", "definition", "unit", "direction", "cadence", "combine"}
	case Reports:
		return []string{"indicator", "partner", "period", "value"}
	}
	return nil
}

// numeric are columns holding numbers, where a leading - or + is a sign,
// not the start of a formula.
func numeric(col string) bool { return slices.Contains([]string{"value", "baseline", "target"}, col) }

// formulaCell finds a text cell a spreadsheet would run as a formula
// (=, +, -, @ first, after spaces or a tab): such a row is refused, so an
// exported file can never carry one back into someone's spreadsheet.
func formulaCell(r Row) (string, bool) {
	for _, col := range sortedKeys(r.Cells) {
		v := strings.TrimLeft(r.Cells[col], " \t\r\n")
		if v == "" || numeric(col) || col == extraCells {
			continue
		}
		if strings.ContainsRune("=+-@", rune(v[0])) {
			return col, true
		}
	}
	return "", false
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// splitList splits a list cell ("A; B; C") into its trimmed items.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ";") {
		if item = strings.Join(strings.Fields(item), " "); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// parseBool reads yes/no cells; "" is false.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "no", "false", "0", "n":
		return false, true
	case "yes", "true", "1", "y":
		return true, true
	}
	return false, false
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// GuessKind tells a file's kind from its name ("members.csv", "2025
// reports.csv") or else from its header line; false when neither says.
func GuessKind(filename string, data []byte) (Kind, bool) {
	name := strings.ToLower(filename)
	// Most specific first: "partner reports.csv" holds reports.
	for _, k := range []Kind{Reports, Indicators, Members, Groups, Partners} {
		if strings.Contains(name, strings.TrimSuffix(string(k), "s")) {
			return k, true
		}
	}
	var found []Kind
	for _, k := range Kinds() {
		if t, err := ReadTable(k, data); err == nil && len(t.Columns) > 0 {
			found = append(found, k)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return "", false
}
