package digest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/internal/testkit"
	"github.com/backbone-coalition/backbone/store"
)

// digestRun is the Monday 08:00 a sample digest is for.
var digestRun = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

func digestItem(id int64, group int, owner string, dueDays int, status, health string) store.Commitment {
	c := store.Commitment{ID: id, OwnerID: owner, Text: fmt.Sprintf("Item %d", id),
		Status: status, Health: health, CreatedAt: digestRun.AddDate(0, 0, -3)}
	if group > 0 {
		gid := int64(group)
		c.GroupID, c.GroupName = &gid, fmt.Sprintf("Group %02d", group)
		c.Text += " for " + c.GroupName
	}
	if dueDays != 0 {
		d := time.Date(2026, 11, 23+dueDays, 0, 0, 0, 0, time.UTC)
		c.Due = &d
	}
	return c
}

// sampleDigest has groups groups with perGroup commitments of each kind,
// one more quiet group, and as many partners, missing reports and
// shout-outs as groups.
func sampleDigest(groups, perGroup int) Digest {
	d := Digest{Goal: "Cut youth binge drinking in Franklin County by 20% by 2030", From: digestRun.AddDate(0, 0, -7),
		To: digestRun, Today: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), HealthDays: 90, HealthGrace: 5,
		Counts:     store.DigestCounts{Done: groups * perGroup, New: groups * perGroup, Overdue: groups * perGroup, NeedHelp: 1, Reports: 3, Shoutouts: 1},
		Indicators: []string{"*Youth binge drinking* · `ybd`\n*18.5%* in 2026-Q3 · target 15%\n`▁▂▃▅` last 8 quarters\n↳ was *19.6%* in 2026-Q2"}}
	id := int64(1)
	next := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	for g := 1; g <= groups+1; g++ {
		dg := store.DigestGroup{ID: int64(g), Name: fmt.Sprintf("Group %02d", g), ChannelID: fmt.Sprintf("CG%02d", g)}
		if g == 1 {
			dg.NextMeeting = &next
		}
		d.Groups = append(d.Groups, dg)
		if g > groups {
			break // the quiet one
		}
		for range perGroup {
			d.Lists.Done = append(d.Lists.Done, digestItem(id, g, "U0DONE", 0, store.StatusDone, store.HealthNone))
			d.Lists.New = append(d.Lists.New, digestItem(id+1, g, "U0NEW", 5, store.StatusOpen, store.HealthNone))
			d.Lists.Exceptions = append(d.Lists.Exceptions, digestItem(id+2, g, "U0LATE", -4, store.StatusOpen, store.HealthNone))
			id += 3
		}
		partner := fmt.Sprintf("Partner %02d", g)
		d.Missing = append(d.Missing, store.MissingReport{IndicatorID: 1, IndicatorKey: "ybd", IndicatorName: "Youth binge drinking", Period: "2026-Q3", PartnerName: partner})
		d.Shoutouts = append(d.Shoutouts, store.DigestShoutout{GiverID: "U0GIVER", Message: "Thanks for the parent night", UserIDs: []string{"U0DONE"}, Partners: []string{partner}, PlusOnes: g - 1})
		d.Health = append(d.Health, store.PartnerHealth{Name: partner, Owed: 4, Sent: 3, Due: g - 1, OnTime: (g - 1) / 2})
	}
	d.Lists.Exceptions = append(d.Lists.Exceptions, digestItem(id, 0, "U0HELP", 3, store.StatusOpen, store.HealthNeedHelp))
	return d
}

func TestDigestBlocksStayWithinLimits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name             string
		groups, perGroup int
		thread           bool
	}{
		{"small: one message", 2, 1, false},
		{"ten groups: thread replies", 10, 15, true},
		{"large groups: each reply truncated", 3, 200, true},
		{"ten times the acceptance coalition", 30, 5, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := sampleDigest(tc.groups, tc.perGroup)
			main, replies := DigestBlocks(d)
			if (len(replies) > 0) != tc.thread {
				t.Errorf("%d replies, want a thread: %v", len(replies), tc.thread)
			}
			all := ""
			for _, m := range append([]DigestMessage{main}, replies...) {
				testkit.CheckMessage(t, m.Text, m.Blocks)
				if len(m.Blocks) > 50 || blocksText(m.Blocks) > digestTextBudget {
					t.Errorf("%q: %d blocks, %d characters", m.Text, len(m.Blocks), blocksText(m.Blocks))
				}
				all += flattenBlocks(t, m)
			}
			for g := 1; g <= tc.groups; g++ { // each group's section once, in order
				title := fmt.Sprintf("*Group %02d* — %d done", g, tc.perGroup)
				if n := strings.Count(all, title); n != 1 {
					t.Errorf("%q shown %d times", title, n)
				}
			}
			mustHave(t, main, "Coalition health", fmt.Sprintf("Quiet week (nothing done, new or overdue): Group %02d", tc.groups+1))
		})
	}
}

func TestGroupDigestLeavesOutCoalitionHealth(t *testing.T) {
	t.Parallel()
	d := sampleDigest(2, 1)
	for _, g := range digestGroups(d) {
		m := GroupDigestBlocks(d, g)
		testkit.CheckMessage(t, m.Text, m.Blocks)
		text := flattenBlocks(t, m)
		for _, never := range []string{"Coalition health", "Partner 01", "Reports missing", "Shout-outs"} {
			if strings.Contains(text, never) {
				t.Errorf("%s's digest shows %q:\n%s", g.name, never, text)
			}
		}
		if !strings.Contains(m.Text, g.name) {
			t.Errorf("%q does not name %s", m.Text, g.name)
		}
	}
	g, _ := findDigestGroup(d, 1)
	mustHave(t, GroupDigestBlocks(d, g), "*Group 01* — 1 done · 1 new · 1 overdue", "📅 Next meeting: Mon 30 Nov", "thank you <@U0DONE>", "<#CG01>")
	g, _ = findDigestGroup(d, 3)
	mustHave(t, GroupDigestBlocks(d, g), "A quiet week", "No next meeting announced")
}

func mustHave(t *testing.T, m DigestMessage, wants ...string) {
	t.Helper()
	text := flattenBlocks(t, m)
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%q lacks %q:\n%s", m.Text, w, text)
		}
	}
}

func TestDigestBlocksGolden(t *testing.T) {
	t.Parallel()
	main, replies := DigestBlocks(sampleDigest(2, 1))
	if len(replies) != 0 {
		t.Fatalf("%d replies for a small digest", len(replies))
	}
	testkit.Golden(t, "digest_blocks.json", main)
	text := flattenBlocks(t, main)
	for _, want := range []string{"Weekly digest: Mon 16 Nov – Mon 23 Nov 2026", "🎯 Cut youth", "Needs attention",
		"⏰ due Thu 19 Nov — Item 3 for Group 01 — <@U0LATE> · Group 01", "🆘 needs help", "Item 7 — <@U0HELP> · Outside working groups",
		"✅ Item 1 for Group 01 — thank you <@U0DONE>", "*Group 02* — 1 done · 1 new · 1 overdue",
		"📝 *3* reports received", "*Reports missing*", "*Youth binge drinking* `ybd`, 2026-Q3: Partner 01 and Partner 02",
		"was *19.6%* in 2026-Q2", "👏 <@U0GIVER> → <@U0DONE> and *Partner 02*: “Thanks for the parent night” (+1)",
		"*Partner 02* — 📝 reports 3/4 (75%) · ✅ on time 0/1 (0%)", "*Partner 01* — 📝 reports 3/4 (75%) · ✅ on time none due",
		"Quiet week (nothing done, new or overdue): Group 03", "📅 Next meeting: Mon 30 Nov", "_on time_ = its commitments done by their due date"} {
		if !strings.Contains(text, want) {
			t.Errorf("digest lacks %q:\n%s", want, text)
		}
	}
}

func flattenBlocks(t *testing.T, m DigestMessage) string {
	t.Helper()
	raw, err := json.Marshal(m.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	r := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&")
	return r.Replace(string(raw))
}

func TestDigestFlagsFiguresReportedBeforeTheirLinkWasConfirmed(t *testing.T) {
	t.Parallel()
	d := sampleDigest(2, 1)
	main, _ := DigestBlocks(d)
	if strings.Contains(flattenBlocks(t, main), "confirmed only afterwards") {
		t.Error("the flag shows with nothing to flag")
	}
	d.Unconfirmed = 2
	main, _ = DigestBlocks(d)
	mustHave(t, main, "⚠️ 2 figures this week came from someone whose link to the partner was confirmed only afterwards")
}
