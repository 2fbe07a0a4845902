package sandbox

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

// demoIndicator is a shared measure with a year of reports: values by
// partner and segment ("" is the total), one per period, oldest first,
// ending with the last period closed when the sandbox started.
type demoIndicator struct {
	key     string
	group   string // the channel of the working group that owns it
	def     store.IndicatorDef
	target  float64
	reports map[string]map[string][]float64
}

var towns = store.Dimensions{{Name: "town", Values: []string{"Greenfield", "Montague", "Shelburne", "Charlemont"}}}

var demoIndicators = []demoIndicator{
	{key: "teen-vaping", group: channelNorms, target: 12,
		def: store.IndicatorDef{Name: "Teens who vaped in the past 30 days", Unit: "percent", Direction: "down",
			Cadence: "quarterly", Combine: "mean", Dimensions: towns,
			Definition: "Share of surveyed high-school students (grades 9–12) who say they vaped nicotine or cannabis at least once in the past 30 days, from the quarterly pulse survey."},
		reports: map[string]map[string][]float64{
			"Greenfield Public Schools": {"": {24.1, 23.0, 22.4, 20.9},
				"town=Greenfield": {25.3, 24.2, 23.1, 21.6}, "town=Montague": {22.0, 21.1, 21.2, 19.7}},
			"Mohawk Trail Regional Schools": {"": {19.8, 19.5, 18.1, 17.6},
				"town=Shelburne": {18.2, 18.0, 16.9, 16.1}, "town=Charlemont": {21.9, 21.3, 19.6, 19.4}},
		}},
	{key: "parent-workshops", group: channelParents, target: 40,
		def: store.IndicatorDef{Name: "Parents at prevention workshops", Unit: "count", Direction: "up",
			Cadence: "monthly", Combine: "sum",
			Definition: "Parents and caregivers who attended a workshop or panel on talking with teens about alcohol, vaping or cannabis, counted from sign-in sheets."},
		reports: map[string]map[string][]float64{
			"Family Resource Network":           {"": {14, 18, 11, 9, 22, 25, 19, 8, 6, 17, 27, 31}},
			"Riverside Community Health Center": {"": {6, 4, 9, 7, 8, 12, 10, 3, 5, 9, 11, 14}},
		}},
	{key: "youth-recognized", group: channelYouth, target: 80,
		def: store.IndicatorDef{Name: "Young people recognized for their service", Unit: "count", Direction: "up",
			Cadence: "quarterly", Combine: "sum",
			Definition: "Young people aged 12 to 18 publicly recognized by a partner for volunteering, sports, arts or leadership: awards, features, shout-outs at events."},
		reports: map[string]map[string][]float64{
			"Boys & Girls Club of the Valley": {"": {12, 15, 19, 24}},
			"Valley Youth Sports League":      {"": {8, 10, 9, 14}},
			"Mohawk Trail Regional Schools":   {"": {5, 7, 11, 12}},
		}},
	{key: "retailer-compliance", group: channelNorms, target: 95,
		def: store.IndicatorDef{Name: "Retailers refusing sales to minors", Unit: "percent", Direction: "up",
			Cadence: "quarterly", Combine: "mean",
			Definition: "Share of alcohol and tobacco retailers who refused the underage buyer in police compliance checks."},
		reports: map[string]map[string][]float64{
			"Greenfield Police Department": {"": {78, 81, 85, 88}},
		}},
}

func seedIndicators(ctx context.Context, tx *store.Tx, sd *seeding) error {
	for _, di := range demoIndicators {
		if err := seedIndicator(ctx, tx, sd, di); err != nil {
			return fmt.Errorf("%s: %w", di.key, err)
		}
	}
	return nil
}

func seedIndicator(ctx context.Context, tx *store.Tx, sd *seeding, di demoIndicator) error {
	periods := di.periods(sd.now)
	def := di.def
	group := sd.groups[di.group]
	baseline, target := di.baseline(), di.target
	def.GroupID, def.ChangedBy = &group, "U0MARCUS"
	// Its partners have owed it since the first period of its history.
	def.ChangedAt = periods[0].Start()
	def.BaselineValue, def.BaselinePeriod = &baseline, periods[0].String()
	def.TargetValue, def.TargetPeriod = &target, measure.PeriodOf(def.Cadence, time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC)).String()
	var partners []int64
	for _, name := range sortedKeys(di.reports) {
		partners = append(partners, sd.partners[name])
	}
	ind, err := tx.AddIndicator(ctx, sd.teamID, di.key, def, partners)
	if err != nil {
		return err
	}
	if ind, err = tx.LockIndicator(ctx, sd.teamID, ind.ID); err != nil {
		return err
	}
	for _, name := range sortedKeys(di.reports) {
		if err := seedReports(ctx, tx, sd, ind, name, di.reports[name], periods); err != nil {
			return err
		}
	}
	return nil
}

// periods are the year of periods the indicator's values cover.
func (di demoIndicator) periods(now time.Time) []measure.Period {
	loc, err := time.LoadLocation(demoCoalition.Timezone)
	if err != nil {
		loc = time.UTC
	}
	n := 0
	for _, segments := range di.reports {
		n = len(segments[""])
	}
	return measure.Recent(measure.LastClosed(di.def.Cadence, now.In(loc)), n)
}

// baseline is the coalition's figure for the first period: the totals
// combined as the indicator combines them.
func (di demoIndicator) baseline() float64 {
	var sum float64
	for _, segments := range di.reports {
		sum += segments[""][0]
	}
	if di.def.Combine == "mean" {
		return sum / float64(len(di.reports))
	}
	return sum
}

// seedReports records one partner's values, reported by its first member
// a few days after each period closed.
func seedReports(ctx context.Context, tx *store.Tx, sd *seeding, ind store.Indicator, partner string, segments map[string][]float64, periods []measure.Period) error {
	by := reporter(partner)
	for _, segment := range sortedKeys(segments) {
		for i, v := range segments[segment] {
			p := periods[i]
			at := p.ClosedOn().AddDate(0, 0, 4).Add(15 * time.Hour)
			if at.After(sd.now) {
				at = sd.now.Add(-time.Hour)
			}
			_, err := tx.AddReport(ctx, store.NewReport{TeamID: sd.teamID, IndicatorID: ind.ID, IndicatorVersion: ind.Version,
				PartnerID: sd.partners[partner], Period: p.String(), PeriodStart: p.Start(), Segment: segment, Value: v,
				ReportedBy: by, ReportedAt: at})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := slices.Collect(maps.Keys(m))
	slices.Sort(keys)
	return keys
}

// reporter is the first member of the partner.
func reporter(partner string) string {
	for _, p := range demoPeople {
		if p.partner == partner {
			return p.id
		}
	}
	return "U0MARCUS"
}
