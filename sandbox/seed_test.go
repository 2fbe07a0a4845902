package sandbox_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/sandbox"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

func TestSeedDemoOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	for i, want := range []bool{true, false} {
		seeded, err := sandbox.SeedDemo(ctx, st, time.Now())
		if err != nil || seeded != want {
			t.Fatalf("SeedDemo #%d = %v, %v; want %v", i+1, seeded, err, want)
		}
	}
	c, err := st.Coalition(ctx, sandbox.TeamID)
	if err != nil || c.Name == "" || c.Goal == "" || c.SteeringChannel == "" || c.Timezone != "America/New_York" {
		t.Errorf("coalition = %+v, %v", c, err)
	}
	partners, err := st.Partners(ctx, sandbox.TeamID)
	if err != nil || len(partners) < 12 || len(sectors(partners)) < 6 {
		t.Errorf("%d partners in %d sectors (%v); want about 12 across most sectors", len(partners), len(sectors(partners)), err)
	}
	checkMembers(t, st)
	checkGroups(t, st)
	checkCommitments(t, st)
	checkIndicators(t, st)
	checkShoutouts(t, st)
}

func sectors(ps []store.Partner) []string {
	var out []string
	for _, p := range ps {
		if !slices.Contains(out, p.Sector) {
			out = append(out, p.Sector)
		}
	}
	return out
}

func checkMembers(t *testing.T, st *store.Store) {
	t.Helper()
	members, err := st.Members(context.Background(), sandbox.TeamID, store.MemberFilter{})
	if err != nil || len(members) != 26 {
		t.Fatalf("%d members, %v; want 26 (25 of the workspace, one Slack Connect person)", len(members), err)
	}
	roles, zones := map[string]int{}, map[string]bool{}
	for _, m := range members {
		roles[m.Role]++
		zones[m.TZ] = true
		if m.PartnerID == nil {
			t.Errorf("%s has no partner", m.DisplayName)
		}
	}
	if roles[store.RoleBackbone] < 2 || roles[store.RoleSteering] < 4 || roles[store.RolePartner] < 12 || len(zones) < 5 {
		t.Errorf("roles %v in %d timezones; want staff, a steering committee, partners, 5+ timezones", roles, len(zones))
	}
}

func checkGroups(t *testing.T, st *store.Store) {
	t.Helper()
	groups, err := st.Groups(context.Background(), sandbox.TeamID)
	if err != nil || len(groups) != 3 {
		t.Fatalf("%d groups, %v; want 3", len(groups), err)
	}
	for _, g := range groups {
		lead, err := st.Member(context.Background(), sandbox.TeamID, g.LeadUserID)
		if err != nil || g.ChannelID == "" || g.Purpose == "" {
			t.Errorf("group %q: lead %q (%v), channel %q, purpose %q", g.Name, lead.DisplayName, err, g.ChannelID, g.Purpose)
		}
	}
}

func TestRegisterDemo(t *testing.T) {
	t.Parallel()
	fake := slacktest.New(t)
	sandbox.RegisterDemo(fake, time.Now())
	users, channels := fake.Users(), fake.Channels()
	if len(users) != 27 || len(channels) != 7 {
		t.Errorf("%d users and %d channels; want the 26 members and a newcomer, 7 channels", len(users), len(channels))
	}
	for _, c := range channels {
		if !c.BotIsMember || len(c.Members) == 0 {
			t.Errorf("#%s: bot in it %v, %d members", c.Name, c.BotIsMember, len(c.Members))
		}
	}
	for _, u := range users {
		if u.TZ == "" || u.RealName == "" || u.DisplayName == "" {
			t.Errorf("user %+v lacks a timezone or a name", u)
		}
	}
}

func checkCommitments(t *testing.T, st *store.Store) {
	t.Helper()
	all, err := st.Commitments(context.Background(), sandbox.TeamID, store.CommitmentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	status, health, grouped := map[string]int{}, map[string]int{}, 0
	for _, c := range all {
		status[c.Status]++
		health[c.Health]++
		if c.GroupID != nil && c.MeetingID != nil {
			grouped++
		}
	}
	if status[store.StatusOpen] < 8 || status[store.StatusDone] < 3 || health[store.HealthBlocked] == 0 || grouped < 12 {
		t.Errorf("commitments: status %v, health %v, %d from group meetings; want open and done ones, some blocked", status, health, grouped)
	}
}

func checkIndicators(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	inds, err := st.Indicators(ctx, sandbox.TeamID, store.IndicatorFilter{})
	if err != nil || len(inds) != 4 {
		t.Fatalf("%d indicators, %v; want 4", len(inds), err)
	}
	disaggregated := 0
	for _, ind := range inds {
		if len(ind.Dimensions) > 0 {
			disaggregated++
		}
		reports, err := st.LatestReports(ctx, sandbox.TeamID, store.ReportFilter{IndicatorID: &ind.ID})
		if err != nil || len(reports) < 4 || ind.BaselineValue == nil || ind.TargetValue == nil || ind.GroupID == nil {
			t.Errorf("%s: %d reports (%v), baseline %v, target %v, group %v", ind.Key, len(reports), err, ind.BaselineValue, ind.TargetValue, ind.GroupID)
		}
	}
	if disaggregated != 1 {
		t.Errorf("%d indicators broken down by a dimension, want 1 (by town)", disaggregated)
	}
}

func checkShoutouts(t *testing.T, st *store.Store) {
	t.Helper()
	now := time.Now()
	list, err := st.Shoutouts(context.Background(), sandbox.TeamID, now.AddDate(0, -1, 0), now, store.ShoutoutFilter{})
	if err != nil || len(list) < 3 {
		t.Fatalf("%d shout-outs this month, %v; want a few", len(list), err)
	}
	plusOnes, byBot := 0, 0
	for _, s := range list {
		plusOnes += s.PlusOnes
		if s.GiverID == "" {
			byBot++
		}
	}
	if plusOnes == 0 || byBot == 0 {
		t.Errorf("shout-outs have %d +1s, %d from the bot; want some of each", plusOnes, byBot)
	}
}

// TestDemoHasASlackConnectPartner: one partner works from its own
// workspace; its person is external in the fake and in the database.
func TestDemoHasASlackConnectPartner(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.NewDB(t))
	if _, err := sandbox.SeedDemo(ctx, st, time.Now()); err != nil {
		t.Fatal(err)
	}
	ms, err := st.Members(ctx, sandbox.TeamID, store.MemberFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var external []string
	for _, m := range ms {
		if m.External() {
			external = append(external, m.DisplayName+" of "+m.PartnerName)
		}
	}
	if len(external) != 1 || external[0] != "Noah Fischer of Hilltown Food Co-op" {
		t.Errorf("external members %q; want Noah of the Hilltown Food Co-op", external)
	}
	fake := slacktest.New(t)
	sandbox.RegisterDemo(fake, time.Now())
	for _, u := range fake.Users() {
		if (u.TeamID != "") != (u.ID == "U0NOAH") {
			t.Errorf("%s has team %q", u.ID, u.TeamID)
		}
	}
}
