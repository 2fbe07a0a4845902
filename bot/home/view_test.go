package home

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/internal/testkit"
	"github.com/backbone-coalition/backbone/measure"
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
	var owed []indicator.OwedItem
	for i := range 100 {
		ind := store.Indicator{ID: int64(i + 1), Key: fmt.Sprintf("indicator-%d", i), IndicatorDef: store.IndicatorDef{
			Name: strings.TrimSpace(strings.Repeat("Long indicator name ", 4)), Unit: "percent", Cadence: "monthly"}}
		owed = append(owed, indicator.OwedItem{Ind: ind, Period: measure.LastClosed(measure.Monthly, commitNow)})
	}
	var shoutouts []store.Shoutout
	for i := range homeShoutouts {
		shoutouts = append(shoutouts, store.Shoutout{ID: int64(i + 1), GiverID: "U0GIVER", CreatedAt: commitNow,
			Message: strings.Repeat("Thank you <for> everything\n", 37), PlusOnes: i})
	}
	staff := store.Member{TeamID: "T1", UserID: "U0STAFF", Role: store.RoleBackbone}
	view := HomeView(HomeData{Member: staff, Open: open, OpenTotal: 75, Recent: recent, Overdue: overdue, OverdueTotal: 120,
		Partner: store.Partner{ID: 7, Name: "Greenfield & Sons"}, Owed: owed, Shoutouts: shoutouts}, commitNow)
	testkit.CheckView(t, view)
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

// TestEmptyHomeSaysSo: a newcomer's Home tab says what is empty, in
// words (TestHomeViewWithEverythingFull checks the full one's limits).
func TestEmptyHomeSaysSo(t *testing.T) {
	t.Parallel()
	partner := store.Member{TeamID: "T1", UserID: "U0PAT", Role: store.RolePartner}
	empty := HomeView(HomeData{Member: partner}, commitNow)
	testkit.CheckView(t, empty)
	raw, _ := json.Marshal(empty)
	for _, w := range []string{"Nothing open", "Nothing in the last 30 days", "Nothing of yours is overdue"} {
		if !strings.Contains(string(raw), w) {
			t.Errorf("empty home lacks %q", w)
		}
	}
}

// TestSteeringHomeShowsTheCoalitionsOverdueItems: the steering committee,
// who read the digest, see what is overdue across the coalition at home.
func TestSteeringHomeShowsTheCoalitionsOverdueItems(t *testing.T) {
	t.Parallel()
	overdue := []store.Commitment{sampleCommitment(1, "U0OMAR", -3, "Send the flyers")}
	for _, tc := range []struct {
		role string
		sees bool
	}{{store.RoleSteering, true}, {store.RoleBackbone, true}, {store.RolePartner, false}} {
		m := store.Member{TeamID: "T1", UserID: "U0SAM", Role: tc.role}
		got := viewStrings(t, HomeView(HomeData{Member: m, Overdue: overdue, OverdueTotal: 1}, commitNow))
		if strings.Contains(got, "<@U0OMAR>") != tc.sees {
			t.Errorf("%s's home shows Omar's overdue item: %v, want %v", tc.role, !tc.sees, tc.sees)
		}
	}
}

// TestSteeringHomeShowsWhoIsBehind: staff and the steering committee see
// the partners furthest behind first, and who is up to date; a partner sees
// no one's health.
func TestSteeringHomeShowsWhoIsBehind(t *testing.T) {
	t.Parallel()
	health := []store.PartnerHealth{
		{Name: "Boys & Girls Club", Owed: 4, Sent: 4, Due: 2, OnTime: 2},
		{Name: "Franklin County Sheriff", Owed: 3, Sent: 0, Due: 1, OnTime: 0},
		{Name: "Family Resource Network", Owed: 3, Sent: 2, Due: 0},
	}
	for _, tc := range []struct {
		role string
		sees bool
	}{{store.RoleSteering, true}, {store.RoleBackbone, true}, {store.RolePartner, false}} {
		m := store.Member{TeamID: "T1", UserID: "U0SAM", Role: tc.role}
		got := viewStrings(t, HomeView(HomeData{Member: m, Health: health}, commitNow))
		if strings.Contains(got, "Coalition health") != tc.sees {
			t.Fatalf("%s's home shows coalition health: %v, want %v", tc.role, !tc.sees, tc.sees)
		}
		if !tc.sees {
			continue
		}
		sheriff, network := strings.Index(got, "Franklin County Sheriff"), strings.Index(got, "Family Resource Network")
		if sheriff < 0 || network < 0 || sheriff > network {
			t.Errorf("the sheriff (0/3, 0/1) is not listed before the network (2/3):\n%s", got)
		}
		if strings.Contains(got, "Boys &amp; Girls Club") {
			t.Errorf("a partner up to date is listed among those behind:\n%s", got)
		}
		for _, want := range []string{"reports 0/3 (0%)", "1 of 3 partners are up to date"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s's home lacks %q:\n%s", tc.role, want, got)
			}
		}
	}
}
