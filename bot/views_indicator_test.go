package bot

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/blockkit"
	"github.com/backbone-coalition/backbone/bot/measure"
	"github.com/backbone-coalition/backbone/store"
)

var updateIndicatorGolden = flag.Bool("update-indicator-golden", false, "rewrite the indicator views' golden files")

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

func checkIndicatorView(t *testing.T, v slack.ModalViewRequest) {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if vs := blockkit.CheckView(raw); len(vs) > 0 {
		t.Errorf("view breaks Block Kit limits: %v", vs)
	}
}

func checkIndicatorMessage(t *testing.T, text string, blocks []slack.Block) {
	t.Helper()
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	if vs := blockkit.CheckMessage(text, raw); len(vs) > 0 {
		t.Errorf("message breaks Block Kit limits: %v", vs)
	}
}

func TestReportFormFitsInAModal(t *testing.T) {
	t.Parallel()
	var items []reportFormItem
	for i := range 12 {
		ind := testIndicator(int64(i+1), fmt.Sprintf("indicator-%02d", i), i%3)
		items = append(items, reportFormItem{ind: ind, period: measure.LastClosed(measure.Quarterly, indicatorViewNow), current: map[string]store.Report{}})
	}
	v := ReportFormView(store.Partner{ID: 7, Name: "Greenfield <Public> Schools"}, items)
	checkIndicatorView(t, v)
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
	checkIndicatorView(t, IndicatorFormView(nil, groups, partners, indicatorFormMeta{Origin: "C1", Taken: taken}))
	ind := testIndicator(1, "youth-binge-drinking", 2)
	checkIndicatorView(t, IndicatorFormView(&ind, groups, partners, indicatorFormMeta{Origin: "C1", Key: ind.Key, Cadence: "quarterly"}))
}

func TestOverviewAndShowFitInAMessage(t *testing.T) {
	t.Parallel()
	var sums []indicatorSummary
	for i := range 80 {
		ind := testIndicator(int64(i+1), fmt.Sprintf("indicator-%02d", i), 0)
		sums = append(sums, indicatorSummary{ind: ind, last: measure.LastClosed(measure.Quarterly, indicatorViewNow),
			figs: map[string]measure.Figure{"2026-Q3": {Value: 18.5, Partners: 2, Version: 1}, "2026-Q2": {Value: 20, Partners: 3, Version: 1}}})
	}
	partner := int64(1)
	checkIndicatorMessage(t, "Shared indicators", OverviewBlocks(sums, store.Member{PartnerID: &partner, PartnerName: "Greenfield"}))

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
	for _, v := range []viewer{{perPartner: true}, {perPartner: false, threshold: 10}} {
		d := buildDetail(ind, []store.IndicatorDef{ind.IndicatorDef, ind.IndicatorDef}, inputsFromReports(ind, rs, "2026-Q3"), ps, v, indicatorViewNow)
		checkIndicatorMessage(t, ind.Name, IndicatorBlocks(d, "chart"))
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
		"prompt":   func() (string, []slack.Block) { return PromptMessage(p, []owedItem{{ind, q3}, {served, q3}}, false) },
		"followup": func() (string, []slack.Block) { return PromptMessage(p, []owedItem{{served, q3}}, true) },
		"celebration": func() (string, []slack.Block) {
			return CelebrationMessage(ind, q3, 14.8, []string{"Greenfield", "Mahalo Café & Co"})
		},
	} {
		text, blocks := msg()
		checkIndicatorMessage(t, text, blocks)
		indicatorGolden(t, "indicator_"+name+".json", map[string]any{"text": text, "blocks": blocks})
	}
}

// indicatorGolden compares v, as indented JSON, with testdata/name.
func indicatorGolden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name)
	if *updateIndicatorGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update-indicator-golden to create it)", err)
	}
	if strings.TrimSpace(string(want)) != string(got) {
		t.Errorf("%s differs from the golden file:\n%s", name, got)
	}
}
