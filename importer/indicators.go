package importer

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

var keyRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// indicatorRow is one checked row of an indicators file.
type indicatorRow struct {
	key      string
	def      store.IndicatorDef
	partners []int64
	archived bool
}

func (pl *planner) planIndicators(ctx context.Context, t Table) (Plan, error) {
	plan := Plan{Kind: Indicators}
	existing, err := pl.tx.AllIndicators(ctx, pl.teamID)
	if err != nil {
		return plan, err
	}
	byKey := map[string]store.Indicator{}
	for _, ind := range existing {
		byKey[ind.Key] = ind
	}
	ix, err := pl.memberIndex(ctx)
	if err != nil {
		return plan, err
	}
	dup := seen{}
	for _, r := range t.Rows {
		in, ok := pl.readIndicator(&plan, r, ix)
		if !ok || dup.repeat(&plan, r.Line, in.key, "indicator key") {
			continue
		}
		pl.planIndicator(&plan, r, in, byKey)
	}
	return plan, nil
}

func (pl *planner) planIndicator(plan *Plan, r Row, in indicatorRow, byKey map[string]store.Indicator) {
	before, found := byKey[in.key]
	teamID := pl.teamID
	if !found {
		plan.change(r.Line, in.key, Add, func(ctx context.Context, tx *store.Tx) error {
			ind, err := tx.AddIndicator(ctx, teamID, in.key, in.def, in.partners)
			if err != nil || !in.archived {
				return err
			}
			return tx.SetIndicatorArchived(ctx, ind.ID, true)
		})
		return
	}
	defSame := sameDef(before.IndicatorDef, in.def) && slices.Equal([]int64(before.PartnerIDs), in.partners)
	if defSame && before.Archived == in.archived {
		plan.keep(r.Line, in.key)
		return
	}
	plan.change(r.Line, in.key, Update, func(ctx context.Context, tx *store.Tx) error {
		if !defSame {
			if _, err := tx.UpdateIndicator(ctx, before, in.def, in.partners); err != nil {
				return err
			}
		}
		return tx.SetIndicatorArchived(ctx, before.ID, in.archived)
	})
}

// sameDef compares what a file can say of a definition.
func sameDef(a, b store.IndicatorDef) bool {
	a.Version, a.ChangedBy, a.ChangedAt = 0, "", b.ChangedAt
	b.Version, b.ChangedBy = 0, ""
	if len(a.Dimensions) == 0 && len(b.Dimensions) == 0 {
		a.Dimensions, b.Dimensions = nil, nil
	}
	return reflect.DeepEqual(a, b)
}

func (pl *planner) readIndicator(plan *Plan, r Row, ix memberIndex) (indicatorRow, bool) {
	if !plan.checkRow(r) {
		return indicatorRow{}, false
	}
	in := indicatorRow{key: strings.ToLower(r.Get("key"))}
	d := store.IndicatorDef{Name: oneSpace(r.Get("name")), Definition: r.Get("definition"),
		Unit: measure.Unit(strings.ToLower(r.Get("unit"))), Direction: measure.Direction(strings.ToLower(r.Get("direction"))),
		Cadence: measure.Cadence(strings.ToLower(r.Get("cadence"))), Combine: measure.Method(strings.ToLower(r.Get("combine"))),
		ChangedBy: pl.actor}
	if why := checkDef(in.key, d); why != "" {
		plan.refuse(r.Line, "%s", why)
		return in, false
	}
	var why string
	if d.BaselineValue, d.BaselinePeriod, why = pl.reference(r, "baseline", d); why == "" {
		d.TargetValue, d.TargetPeriod, why = pl.reference(r, "target", d)
	}
	if why == "" {
		d.Dimensions, why = readDimensions(r.Get("dimensions"))
	}
	if why == "" {
		d.GroupID, in.partners, why = indicatorLinks(r, ix)
	}
	archived, okBool := parseBool(r.Get("archived"))
	if why == "" && !okBool {
		why = fmt.Sprintf("archived is %q; write yes or no (or leave it empty)", clip(r.Get("archived"), 20))
	}
	if why != "" {
		plan.refuse(r.Line, "%s", why)
		return in, false
	}
	in.def, in.archived = d, archived
	return in, true
}

func checkDef(key string, d store.IndicatorDef) string {
	switch {
	case !keyRe.MatchString(key) || len(key) > 40:
		return fmt.Sprintf("%q can't be a key: use lowercase letters, digits and dashes, such as youth-binge-drinking (at most 40)", clip(key, 40))
	case d.Name == "" || utf8.RuneCountInString(d.Name) > maxNameLen:
		return "give the indicator a name of at most 80 characters"
	case d.Definition == "" || utf8.RuneCountInString(d.Definition) > 2000:
		return "give the indicator a definition of at most 2000 characters"
	case !d.Unit.Valid():
		return fmt.Sprintf("%q is not a unit; use one of: %s", clip(string(d.Unit), 20), joinAny(measure.Units()))
	case !d.Direction.Valid():
		return fmt.Sprintf("%q is not a direction; use up or down (which way is good)", clip(string(d.Direction), 20))
	case !d.Cadence.Valid():
		return fmt.Sprintf("%q is not a cadence; use one of: %s", clip(string(d.Cadence), 20), joinAny(measure.Cadences()))
	case !d.Combine.Valid():
		return fmt.Sprintf("%q is not a way to combine partners' values; use one of: %s", clip(string(d.Combine), 20), joinAny(measure.Methods()))
	}
	return ""
}

// reference reads a baseline or target: a value and its period, or neither.
func (pl *planner) reference(r Row, col string, d store.IndicatorDef) (*float64, string, string) {
	value, period := r.Get(col), r.Get(col+"_period")
	if value == "" && period == "" {
		return nil, "", ""
	}
	if value == "" || period == "" {
		return nil, "", fmt.Sprintf("give both %s and %s_period, or neither", col, col)
	}
	v, err := measure.ParseValue(value, d.Unit)
	if err != nil {
		return nil, "", col + ": " + err.Error()
	}
	p, err := measure.ParsePeriod(period, d.Cadence, pl.now)
	if err != nil {
		return nil, "", col + "_period: " + err.Error()
	}
	return &v, p.String(), ""
}

// readDimensions reads "town: Greenfield, Orange; grade: 9, 10".
func readDimensions(cell string) (store.Dimensions, string) {
	dims, err := measure.ParseDimensions(strings.ReplaceAll(cell, ";", "\n"))
	if err != nil {
		return nil, "dimensions: " + err.Error()
	}
	out := store.Dimensions{}
	for _, d := range dims {
		out = append(out, store.Dimension{Name: d.Name, Values: d.Values})
	}
	return out, ""
}

func indicatorLinks(r Row, ix memberIndex) (*int64, []int64, string) {
	var group *int64
	if name := oneSpace(r.Get("group")); name != "" {
		g, ok := ix.groups[strings.ToLower(name)]
		if !ok {
			return nil, nil, fmt.Sprintf("there is no active working group called %q", clip(name, 60))
		}
		group = &g.ID
	}
	ids := []int64{}
	for _, name := range splitList(r.Get("partners")) {
		p, ok := ix.partners[strings.ToLower(name)]
		if !ok || p.Archived {
			return nil, nil, fmt.Sprintf("there is no active partner called %q; import partners first, or fix the name", clip(name, 60))
		}
		if !slices.Contains(ids, p.ID) {
			ids = append(ids, p.ID)
		}
	}
	slices.Sort(ids)
	return group, ids, ""
}

func joinAny[T ~string](vs []T) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return strings.Join(out, ", ")
}
