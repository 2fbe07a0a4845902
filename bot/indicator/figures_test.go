package indicator

import (
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

// inputsFromReports is what /indicators show reads from the store, made
// from newest revisions in memory with measure.Figures: the reference the
// database's figures are checked against. period is the latest one.
func inputsFromReports(ind store.Indicator, rs []store.Report, period string) detailInputs {
	method, recs := ind.Combine, records(rs)
	in := detailInputs{figs: measure.Figures(method, recs, ""), segs: map[string]measure.Figure{}}
	for _, r := range rs {
		if r.Period != period {
			continue
		}
		if r.Segment == "" {
			in.totals = append(in.totals, r)
		} else if f, ok := measure.Figures(method, recs, r.Segment)[period]; ok {
			in.segs[r.Segment] = f
		}
	}
	return in
}

// records reduces the newest reports to what figures need.
func records(rs []store.Report) []measure.Record {
	out := make([]measure.Record, 0, len(rs))
	for _, r := range rs {
		out = append(out, measure.Record{Period: r.Period, Partner: r.PartnerID, Segment: r.Segment, Value: r.Value, At: r.ReportedAt, Version: r.IndicatorVersion})
	}
	return out
}
