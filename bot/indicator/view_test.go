package indicator

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/internal/testkit"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

var indicatorViewNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func testIndicator(id int64, key string, dims int) store.Indicator {
	target := 15.0
	ind := store.Indicator{ID: id, TeamID: "T1", Key: key, IndicatorDef: store.IndicatorDef{
		Version: 1, Name: "Youth binge drinking " + key, Definition: strings.Repeat("How it is measured. ", 40),
		Unit: "percent", Direction: "down", Cadence: "quarterly", Combine: "mean", TargetValue: &target, TargetPeriod: "2028-Q4",
	}, PartnerIDs: []int64{1, 2, 3}}
	for d := range dims {
		dim := store.Dimension{Name: fmt.Sprintf("dim%d", d)}
		for v := range measure.MaxDimValues {
			dim.Values = append(dim.Values, fmt.Sprintf("Value number %d with a longish name", v))
		}
		ind.Dimensions = append(ind.Dimensions, dim)
	}
	return ind
}

func TestReportFormFitsInAModal(t *testing.T) {
	t.Parallel()
	var items []reportFormItem
	for i := range 12 {
		ind := testIndicator(int64(i+1), fmt.Sprintf("indicator-%02d", i), i%3)
		items = append(items, reportFormItem{ind: ind, period: measure.LastClosed(measure.Quarterly, indicatorViewNow), current: map[string]store.Report{}})
	}
	v := ReportFormView(store.Partner{ID: 7, Name: "Greenfield <Public> Schools"}, items)
	testkit.CheckView(t, v)
	if n := len(v.Blocks.BlockSet); n > 100 {
		t.Errorf("%d blocks", n)
	}
	raw, _ := json.Marshal(v) // slack-go escapes & as \u0026
	if !strings.Contains(string(raw), "did not fit") || !strings.Contains(string(raw), `Greenfield \u0026lt;Public\u0026gt; Schools`) {
		t.Errorf("the form neither says what did not fit nor escapes names")
	}
}

func TestIndicatorFormFitsInAModal(t *testing.T) {
	t.Parallel()
	var partners []store.Partner
	var groups []store.WorkingGroup
	for i := range 130 {
		partners = append(partners, store.Partner{ID: int64(i + 1), Name: fmt.Sprintf("Partner %d %s", i, strings.Repeat("x", 90))})
		groups = append(groups, store.WorkingGroup{ID: int64(i + 1), Name: fmt.Sprintf("Group %d", i)})
	}
	taken := make([]string, 200)
	for i := range taken {
		taken[i] = fmt.Sprintf("a-rather-long-indicator-key-number-%03d", i)
	}
	testkit.CheckView(t, IndicatorFormView(nil, groups, partners, indicatorFormMeta{Origin: "C1", Taken: taken}))
	ind := testIndicator(1, "youth-binge-drinking", 2)
	testkit.CheckView(t, IndicatorFormView(&ind, groups, partners, indicatorFormMeta{Origin: "C1", Key: ind.Key, Cadence: "quarterly"}))
}

func TestOverviewAndShowFitInAMessage(t *testing.T) {
	t.Parallel()
	var sums []Summary
	for i := range 80 {
		ind := testIndicator(int64(i+1), fmt.Sprintf("indicator-%02d", i), 0)
		sums = append(sums, Summary{Ind: ind, Last: measure.LastClosed(measure.Quarterly, indicatorViewNow),
			Figs: map[string]measure.Figure{"2026-Q3": {Value: 18.5, Partners: 2, Version: 1}, "2026-Q2": {Value: 20, Partners: 3, Version: 1}}})
	}
	partner := int64(1)
	testkit.CheckMessage(t, "Shared indicators", OverviewBlocks(sums, store.Member{PartnerID: &partner, PartnerName: "Greenfield"}))

	ind := testIndicator(1, "youth-binge-drinking", 4)
	var rs []store.Report
	var ps []store.Partner
	for p := range 60 {
		ps = append(ps, store.Partner{ID: int64(p + 1), Name: fmt.Sprintf("Partner %d", p)})
		ind.PartnerIDs = append(ind.PartnerIDs, int64(p+1))
		rs = append(rs, store.Report{IndicatorID: 1, PartnerID: int64(p + 1), PartnerName: fmt.Sprintf("Partner %d", p), Period: "2026-Q3", Value: float64(p), IndicatorVersion: 1})
		for _, d := range ind.Dimensions {
			rs = append(rs, store.Report{IndicatorID: 1, PartnerID: int64(p + 1), Period: "2026-Q3", Segment: d.Name + "=" + d.Values[p%len(d.Values)], Value: float64(p), IndicatorVersion: 1})
		}
	}
	for _, v := range []Viewer{{PerPartner: true}, {PerPartner: false, Threshold: 10}} {
		d := buildDetail(ind, []store.IndicatorDef{ind.IndicatorDef, ind.IndicatorDef}, inputsFromReports(ind, rs, "2026-Q3"), ps, v, indicatorViewNow)
		testkit.CheckMessage(t, ind.Name, IndicatorBlocks(d, "chart"))
	}
}

func TestPromptAndCelebrationGolden(t *testing.T) {
	t.Parallel()
	ind := testIndicator(1, "youth-binge-drinking", 0)
	ind.Definition = "Short."
	served := ind
	served.Key, served.Name, served.Unit = "youth-served", "Young people served", "count"
	q3 := measure.LastClosed(measure.Quarterly, indicatorViewNow)
	p := store.Partner{ID: 7, Name: "Mahalo Café & Co"}
	for name, msg := range map[string]func() (string, []slack.Block){
		"prompt":   func() (string, []slack.Block) { return PromptMessage(p, []OwedItem{{ind, q3}, {served, q3}}, false) },
		"followup": func() (string, []slack.Block) { return PromptMessage(p, []OwedItem{{served, q3}}, true) },
		"celebration": func() (string, []slack.Block) {
			return CelebrationMessage(ind, q3, 14.8, []string{"Greenfield", "Mahalo Café & Co"})
		},
	} {
		text, blocks := msg()
		testkit.CheckMessage(t, text, blocks)
		testkit.Golden(t, "indicator_"+name+".json", map[string]any{"text": text, "blocks": blocks})
	}
}

// TestOnTimeMilestones counts runs of on-time periods: q is on time,
// L late, - missing; saved is the index of the period just reported.
func TestOnTimeMilestones(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, history string
		saved         int
		want          []string
	}{
		{"third in a row", "qqq", 2, []string{"3@2026-03"}},
		{"second in a row", "qq", 1, nil},
		{"late breaks the run", "qLqq", 3, nil},
		{"missing breaks the run", "q-qq", 3, nil},
		{"fourth is not thanked", "qqqq", 3, nil},
		{"sixth is", "qqqqqq", 5, []string{"6@2026-06"}},
		{"late period itself", "qqL", 2, nil},
		// A gap filled in time (after the next periods were reported) can
		// complete milestones later than itself.
		{"gap filled at the 4th", "qqqqqq", 3, []string{"6@2026-06"}},
		{"gap filled at the 3rd", "qqqqqq", 2, []string{"3@2026-03", "6@2026-06"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h, periods := historyOf(tc.history)
			var got []string
			for _, m := range h.milestones(periods[tc.saved]) {
				got = append(got, fmt.Sprintf("%d@%s", m.length, m.last()))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("milestones %v, want %v", got, tc.want)
			}
		})
	}
}

// historyOf builds monthly first reports from January 2026, one letter a
// month, with prompt_followup_days 5: on time on the 3rd, late on the 6th.
func historyOf(s string) (onTimeHistory, []measure.Period) {
	var rs []store.FirstReport
	var periods []measure.Period
	p := measure.PeriodOf(measure.Monthly, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	for _, c := range s {
		closed := p.ClosedOn()
		switch c {
		case 'q':
			rs = append(rs, store.FirstReport{Period: p.String(), ReportedBy: "U1", ReportedAt: closed.AddDate(0, 0, 2)})
		case 'L':
			rs = append(rs, store.FirstReport{Period: p.String(), ReportedBy: "U1", ReportedAt: closed.AddDate(0, 0, 5)})
		}
		periods = append(periods, p)
		p = p.Next()
	}
	return newOnTimeHistory(rs, 5, time.UTC), periods
}
