package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/measure"
	"github.com/backbone-coalition/backbone/store"
)

// TestHomeViewWithEverythingFull fills every section of the Home tab past
// its budget: the tab stays within Block Kit's limits.
func TestHomeViewWithEverythingFull(t *testing.T) {
	t.Parallel()
	var open, overdue, recent []store.Commitment
	long := strings.Repeat("word ", 99)
	for i := range 40 {
		open = append(open, sampleCommitment(int64(i+1), "U0STAFF", i-5, long))
		overdue = append(overdue, sampleCommitment(int64(100+i), fmt.Sprintf("U%d", i), -i-1, long))
	}
	for i := range 10 {
		recent = append(recent, sampleCommitment(int64(200+i), "U9", i, long))
	}
	var owed []owedItem
	for i := range 100 {
		ind := store.Indicator{ID: int64(i + 1), Key: fmt.Sprintf("indicator-%d", i), IndicatorDef: store.IndicatorDef{
			Name: strings.TrimSpace(strings.Repeat("Long indicator name ", 4)), Unit: "percent", Cadence: "monthly"}}
		owed = append(owed, owedItem{ind: ind, period: measure.LastClosed(measure.Monthly, commitNow)})
	}
	var shoutouts []store.Shoutout
	for i := range homeShoutouts {
		shoutouts = append(shoutouts, store.Shoutout{ID: int64(i + 1), GiverID: "U0GIVER", CreatedAt: commitNow,
			Message: strings.Repeat("Thank you <for> everything\n", 37), PlusOnes: i})
	}
	staff := store.Member{TeamID: "T1", UserID: "U0STAFF", Role: store.RoleBackbone}
	view := HomeView(HomeData{Member: staff, Open: open, OpenTotal: 75, Recent: recent, Overdue: overdue, OverdueTotal: 120,
		Partner: store.Partner{ID: 7, Name: "Greenfield & Sons"}, Owed: owed, Shoutouts: shoutouts}, commitNow)
	checkCommitmentView(t, view)
	if n := len(view.Blocks.BlockSet); n > homeBlocks {
		t.Errorf("%d blocks", n)
	}
	got := viewStrings(t, view)
	for _, w := range []string{"Indicators your partner owes", "Greenfield &amp; Sons", "more. Type `/report` to see them all.",
		"Recent shout-outs to you", "From <@U0GIVER>", "&lt;for&gt;", "👏 4", "report:open"} {
		if !strings.Contains(got, w) {
			t.Errorf("full home lacks %q", w)
		}
	}
}

// viewStrings is every string in a view's JSON, one a line.
func viewStrings(t *testing.T, view any) string {
	t.Helper()
	raw, err := json.Marshal(view)
	if err != nil {
		t.Fatal(err)
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			sb.WriteString(x + "\n")
		case map[string]any:
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(tree)
	return sb.String()
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
