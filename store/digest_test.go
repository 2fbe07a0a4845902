package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// digestRun is the Monday 08:00 the seeded digests are for.
var digestRun = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

func seededDigest(t *testing.T) (*store.Store, storetest.DigestSeed, storetest.DigestSeedIDs, store.DigestWindow) {
	t.Helper()
	st := store.New(storetest.NewDB(t))
	seed := storetest.NewDigestSeed(digestRun, [3]string{"CG0", "CG1", "CG2"})
	ids := seed.Insert(t, st.DB(), team)
	w := store.DigestWindow{TeamID: team, From: digestRun.AddDate(0, 0, -7), To: digestRun, Today: seed.Today, Zone: "UTC"}
	return st, seed, ids, w
}

func inWindow(w store.DigestWindow, at time.Time) bool { return !at.Before(w.From) && at.Before(w.To) }

func TestDigestNumbersMatchTheSeed(t *testing.T) {
	t.Parallel()
	st, seed, seeded, w := seededDigest(t)
	ids := seeded.Commitments

	// Expectations straight from the seed.
	var wantDone, wantNew, wantOverdue, wantHelp []int64
	for i, c := range seed.Commitments {
		if c.Status == "done" && inWindow(w, *c.Completed) {
			wantDone = append(wantDone, ids[i])
		}
		if inWindow(w, c.Created) {
			wantNew = append(wantNew, ids[i])
		}
		if c.Status == "open" && c.Due != nil && c.Due.Before(seed.Today) {
			wantOverdue = append(wantOverdue, ids[i])
		}
		if c.Status == "open" && (c.Health == "need_help" || c.Health == "blocked") {
			wantHelp = append(wantHelp, ids[i])
		}
	}
	wantShouts, wantReports := 0, 0
	for _, sh := range seed.Shoutouts {
		if inWindow(w, sh.At) {
			wantShouts++
		}
	}
	for _, r := range seed.Reports {
		if r.Revision == 1 && r.Segment == "" && inWindow(w, r.At) {
			wantReports++
		}
	}
	if len(wantDone) == 0 || len(wantOverdue) == 0 || len(wantHelp) == 0 || wantShouts == 0 || wantShouts == len(seed.Shoutouts) || wantReports == 0 {
		t.Fatalf("the seed lacks a case: done %d overdue %d help %d shouts %d reports %d", len(wantDone), len(wantOverdue), len(wantHelp), wantShouts, wantReports)
	}

	counts, err := st.DigestCounts(t.Context(), w)
	if err != nil {
		t.Fatal(err)
	}
	want := store.DigestCounts{Done: len(wantDone), New: len(wantNew), Overdue: len(wantOverdue), NeedHelp: len(wantHelp),
		Reports: wantReports, Shoutouts: wantShouts}
	if counts != want {
		t.Errorf("counts %+v, want %+v", counts, want)
	}
	d, err := st.DigestCommitments(t.Context(), w)
	if err != nil {
		t.Fatal(err)
	}
	sameIDs(t, "done", d.Done, wantDone)
	sameIDs(t, "new", d.New, wantNew)
	sameIDs(t, "exceptions", d.Exceptions, union(wantOverdue, wantHelp))
	for i := 1; i < len(d.Exceptions); i++ {
		a, b := d.Exceptions[i-1], d.Exceptions[i]
		if a.Due != nil && b.Due != nil && a.Due.After(*b.Due) {
			t.Errorf("exceptions not oldest first: %v before %v", a.Due, b.Due)
		}
	}
}

// owedPeriods are the last closed periods on 23 Nov 2026, as the bot
// passes them.
var owedPeriods = []store.CadencePeriod{closedPeriod("monthly", "2026-10"), closedPeriod("quarterly", "2026-Q3"), closedPeriod("yearly", "2025")}

// closedPeriod is a period as the digest passes it: closing at midnight
// UTC of the day after it ends.
func closedPeriod(c measure.Cadence, period string) store.CadencePeriod {
	p, err := measure.ParsePeriod(period, c, digestRun)
	if err != nil {
		panic(err)
	}
	return store.CadencePeriod{Cadence: c, Period: period, Closes: p.ClosedOn()}
}

// sentTotal reports whether the seed has partner p's total of indicator k
// for period, reported before the run.
func sentTotal(seed storetest.DigestSeed, k, p int, period string) bool {
	for _, r := range seed.Reports {
		if r.Indicator == k && r.Partner == p && r.Period == period && r.Segment == "" && r.At.Before(seed.Run) {
			return true
		}
	}
	return false
}

func periodOf(cadence measure.Cadence, ps []store.CadencePeriod) []string {
	var out []string
	for _, p := range ps {
		if p.Cadence == cadence {
			out = append(out, p.Period)
		}
	}
	return out
}

func TestMissingReportsMatchTheSeed(t *testing.T) {
	t.Parallel()
	st, seed, ids, w := seededDigest(t)
	var want []string
	for k, ind := range seed.Indicators {
		for _, p := range ind.Partners {
			period := periodOf(measure.Cadence(ind.Cadence), owedPeriods)[0]
			if !seed.Partners[p].Archived && !sentTotal(seed, k, p, period) {
				want = append(want, fmt.Sprintf("%s %s %s", ind.Key, period, seed.Partners[p].Name))
			}
		}
	}
	got, err := st.MissingReports(t.Context(), w, owedPeriods)
	if err != nil {
		t.Fatal(err)
	}
	var have []string
	for _, m := range got {
		have = append(have, fmt.Sprintf("%s %s %s", m.IndicatorKey, m.Period, m.PartnerName))
		if !slices.Contains(ids.Indicators, m.IndicatorID) || !slices.Contains(ids.Partners, m.PartnerID) {
			t.Errorf("missing report with unknown IDs: %+v", m)
		}
	}
	slices.Sort(want)
	slices.Sort(have)
	if len(want) < 3 || len(want) == len(seed.Indicators)*2 {
		t.Fatalf("the seed should have some partners missing and some not: %q", want)
	}
	if !slices.Equal(have, want) {
		t.Errorf("missing reports\n got %q\nwant %q", have, want)
	}
}

func TestPartnerHealthMatchesTheSeed(t *testing.T) {
	t.Parallel()
	st, seed, _, w := seededDigest(t)
	since := seed.Today.AddDate(0, 0, -90)
	// The periods that closed between 25 Aug and 18 Nov (five days' grace).
	closed := []store.CadencePeriod{closedPeriod("monthly", "2026-08"), closedPeriod("monthly", "2026-09"),
		closedPeriod("monthly", "2026-10"), closedPeriod("quarterly", "2026-Q3")}
	var want []store.PartnerHealth
	for p, partner := range seed.Partners {
		if partner.Archived {
			continue
		}
		h := store.PartnerHealth{Name: partner.Name}
		for k, ind := range seed.Indicators {
			if !slices.Contains(ind.Partners, p) {
				continue
			}
			for _, period := range periodOf(measure.Cadence(ind.Cadence), closed) {
				h.Owed++
				if sentTotal(seed, k, p, period) {
					h.Sent++
				}
			}
		}
		for _, c := range seed.Commitments {
			if seed.Members[c.Owner].Partner != p || c.Status == "dropped" || c.Due == nil || c.Due.Before(since) || !c.Due.Before(seed.Today) {
				continue
			}
			h.Due++
			if c.Status == "done" && c.Completed.Before(seed.Run) && !dateOf(*c.Completed).After(*c.Due) {
				h.OnTime++
			}
		}
		if h.Owed+h.Due > 0 {
			want = append(want, h)
		}
	}
	got, err := st.PartnerHealth(t.Context(), w, since, closed)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i].PartnerID = 0
	}
	if !slices.Equal(got, want) {
		t.Errorf("health\n got %+v\nwant %+v", got, want)
	}
	if !slices.ContainsFunc(want, func(h store.PartnerHealth) bool { return h.Sent < h.Owed && h.Sent > 0 }) ||
		!slices.ContainsFunc(want, func(h store.PartnerHealth) bool { return h.OnTime < h.Due && h.OnTime > 0 }) {
		t.Errorf("the seed should have partial rates: %+v", want)
	}
}

func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func TestDigestGroupsAndShoutoutsMatchTheSeed(t *testing.T) {
	t.Parallel()
	st, seed, ids, w := seededDigest(t)
	groups, err := st.DigestGroups(t.Context(), w)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != len(seed.Groups) {
		t.Fatalf("%d groups, want %d", len(groups), len(seed.Groups))
	}
	for i, g := range groups {
		var latest *storetest.SeedMeeting
		for j, m := range seed.Meetings {
			if m.Group == i && m.Ended.Before(seed.Run) && (latest == nil || m.Ended.After(latest.Ended)) {
				latest = &seed.Meetings[j]
			}
		}
		var want *time.Time
		if latest != nil && latest.Next != nil && !latest.Next.Before(seed.Today) {
			want = latest.Next
		}
		if g.ID != ids.Groups[i] || g.Name != seed.Groups[i].Name || g.ChannelID != seed.Groups[i].Channel ||
			(want == nil) != (g.NextMeeting == nil) || want != nil && !want.Equal(*g.NextMeeting) {
			t.Errorf("group %d: %+v, want next meeting %v", i, g, want)
		}
	}
	shouts, err := st.DigestShoutouts(t.Context(), w)
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for i := len(seed.Shoutouts) - 1; i >= 0; i-- { // the seed lists them newest first
		sh := seed.Shoutouts[i]
		if !inWindow(w, sh.At) {
			continue
		}
		line := seed.Members[sh.Giver].UserID + " " + sh.Message + " →"
		for _, u := range sh.Users {
			line += " " + seed.Members[u].UserID
		}
		for _, p := range sh.Partners {
			line += " " + seed.Partners[p].Name
		}
		want = append(want, line)
	}
	for _, sh := range shouts {
		line := sh.GiverID + " " + sh.Message + " →"
		for _, u := range sh.UserIDs {
			line += " " + u
		}
		for _, p := range sh.Partners {
			line += " " + p
		}
		got = append(got, line)
	}
	if !slices.Equal(got, want) || !slices.ContainsFunc(want, func(s string) bool { return strings.Contains(s, "Partner") }) {
		t.Errorf("shout-outs\n got %q\nwant %q", got, want)
	}
}

func sameIDs(t *testing.T, what string, got []store.Commitment, want []int64) {
	t.Helper()
	var ids []int64
	for _, c := range got {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("%s: got %v, want %v", what, ids, want)
	}
}

func union(a, b []int64) []int64 {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
