package importer

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

// cellKey names a report cell: indicator, partner, period and segment.
type cellKey struct {
	indicator, partner int64
	period, segment    string
}

type reportIndex struct {
	indicators map[string]store.Indicator
	partners   map[string]store.Partner
	latest     map[cellKey]store.Report
}

func (pl *planner) reportIndex(ctx context.Context) (reportIndex, error) {
	ix := reportIndex{indicators: map[string]store.Indicator{}, partners: map[string]store.Partner{}, latest: map[cellKey]store.Report{}}
	inds, err := pl.tx.AllIndicators(ctx, pl.teamID)
	if err != nil {
		return ix, err
	}
	for _, ind := range inds {
		// Held until the import ends, from before the newest revisions
		// are read: no report comes in between, so the revisions the
		// plan numbers stay the next ones.
		if ind, err = pl.tx.LockIndicator(ctx, pl.teamID, ind.ID); err != nil {
			return ix, err
		}
		ix.indicators[ind.Key] = ind
	}
	ps, err := pl.tx.AllPartners(ctx, pl.teamID)
	if err != nil {
		return ix, err
	}
	for _, p := range ps {
		ix.partners[strings.ToLower(p.Name)] = p
	}
	rs, err := pl.tx.LatestReports(ctx, pl.teamID, store.ReportFilter{})
	for _, r := range rs {
		ix.latest[cellKey{r.IndicatorID, r.PartnerID, r.Period, r.Segment}] = r
	}
	return ix, err
}

func (pl *planner) planReports(ctx context.Context, t Table) (Plan, error) {
	plan := Plan{Kind: Reports}
	ix, err := pl.reportIndex(ctx)
	if err != nil {
		return plan, err
	}
	var adds []store.NewReport
	dup := map[cellKey]int{}
	for _, r := range t.Rows {
		n, ok := pl.readReport(&plan, r, ix)
		if !ok {
			continue
		}
		key := cellKey{n.IndicatorID, n.PartnerID, n.Period, n.Segment}
		if first, seen := dup[key]; seen {
			plan.refuse(r.Line, "it repeats the indicator, partner, period and segment of line %d; keep one of the two rows", first)
			continue
		}
		dup[key] = r.Line
		n.Revision = 1
		label := fmt.Sprintf("%s %s %s", r.Get("indicator"), n.Period, oneSpace(r.Get("partner")))
		before, found := ix.latest[key]
		switch {
		case found && before.Value == n.Value && before.Note == n.Note:
			plan.keep(r.Line, label)
			continue
		case found:
			n.Revision = before.Revision + 1
			plan.change(r.Line, label, Update, nil)
		default:
			plan.change(r.Line, label, Add, nil)
		}
		adds = append(adds, n)
	}
	plan.ops = append(plan.ops, func(ctx context.Context, tx *store.Tx) error { return tx.AddReports(ctx, adds) })
	return plan, nil
}

func (pl *planner) readReport(plan *Plan, r Row, ix reportIndex) (store.NewReport, bool) {
	if !plan.checkRow(r) {
		return store.NewReport{}, false
	}
	key, partner := strings.ToLower(r.Get("indicator")), oneSpace(r.Get("partner"))
	ind, okInd := ix.indicators[key]
	p, okPartner := ix.partners[strings.ToLower(partner)]
	switch {
	case !okInd:
		plan.refuse(r.Line, "there is no indicator with the key %q; import indicators first, or fix the key", clip(key, 40))
	case !okPartner:
		plan.refuse(r.Line, "there is no partner called %q; import partners first, or fix the name", clip(partner, 60))
	case utf8.RuneCountInString(r.Get("note")) > 500:
		plan.refuse(r.Line, "the note is longer than 500 characters")
	default:
		e, err := pl.entry(r, ind)
		if err != nil {
			plan.refuse(r.Line, "%s", err)
			return store.NewReport{}, false
		}
		return store.NewReport{TeamID: pl.teamID, IndicatorID: ind.ID, IndicatorVersion: ind.Version, PartnerID: p.ID,
			Period: e.Period.String(), PeriodStart: e.Period.Start(), Segment: e.Segment, Value: e.Value, Note: e.Note,
			ReportedBy: pl.actor, ReportedAt: pl.clock}, true
	}
	return store.NewReport{}, false
}

// entry checks a row's value, period and segment against the indicator,
// as /report does: a period still running or in the future is refused.
func (pl *planner) entry(r Row, ind store.Indicator) (measure.Entry, error) {
	if r.Get("period") == "" {
		return measure.Entry{}, fmt.Errorf("give the period, such as %s", measure.LastClosed(ind.Cadence, pl.now))
	}
	dims := map[string]string{}
	for _, part := range strings.Split(r.Get("segment"), ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			return measure.Entry{}, fmt.Errorf("the segment %q should read like town=Greenfield (or grade=8;town=Orange); leave it empty for the total", clip(r.Get("segment"), 40))
		}
		dims[strings.ToLower(strings.TrimSpace(name))] = strings.TrimSpace(value)
	}
	line := measure.Line{Value: r.Get("value"), Period: r.Get("period"), Dims: dims, Note: r.Get("note")}
	return line.Check(measure.Definition{Unit: ind.Unit, Cadence: ind.Cadence, Dimensions: dimensionsOf(ind.Dimensions)}, pl.now)
}

func dimensionsOf(ds store.Dimensions) []measure.Dimension {
	out := make([]measure.Dimension, 0, len(ds))
	for _, d := range ds {
		out = append(out, measure.Dimension{Name: d.Name, Values: d.Values})
	}
	return out
}
