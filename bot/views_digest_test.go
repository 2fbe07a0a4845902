package bot

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/store"
)

var updateDigestGolden = flag.Bool("update-digest-golden", false, "rewrite the digest view's golden file")

// digestRun is the Monday 08:00 a sample digest is for.
var digestRun = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

func digestItem(id int64, group, owner string, dueDays int, status, health string) store.Commitment {
	c := store.Commitment{ID: id, OwnerID: owner, GroupName: group, Text: fmt.Sprintf("Item %d for %s", id, group),
		Status: status, Health: health, CreatedAt: digestRun.AddDate(0, 0, -3)}
	if dueDays != 0 {
		d := time.Date(2026, 11, 23+dueDays, 0, 0, 0, 0, time.UTC)
		c.Due = &d
	}
	return c
}

// sampleDigest has groups groups with perGroup commitments of each kind.
func sampleDigest(groups, perGroup int) Digest {
	d := Digest{Goal: "Cut youth binge drinking in Franklin County by 20% by 2030", From: digestRun.AddDate(0, 0, -7),
		To: digestRun, Today: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC),
		Counts:     store.DigestCounts{Done: groups * perGroup, New: groups * perGroup, Overdue: groups * perGroup, NeedHelp: 1, Reports: 3, Shoutouts: 1},
		Indicators: []string{"*Youth binge drinking* · `ybd`\n*18.5%* in 2026-Q3 · target 15%\n`▁▂▃▅` last 8 quarters"}}
	id := int64(1)
	for g := range groups {
		name := fmt.Sprintf("Group %02d", g+1)
		for range perGroup {
			d.Lists.Done = append(d.Lists.Done, digestItem(id, name, "U0DONE", 0, store.StatusDone, store.HealthNone))
			d.Lists.New = append(d.Lists.New, digestItem(id+1, name, "U0NEW", 5, store.StatusOpen, store.HealthNone))
			d.Lists.Exceptions = append(d.Lists.Exceptions, digestItem(id+2, name, "U0LATE", -4, store.StatusOpen, store.HealthNone))
			id += 3
		}
	}
	d.Lists.Exceptions = append(d.Lists.Exceptions, digestItem(id, "", "U0HELP", 3, store.StatusOpen, store.HealthNeedHelp))
	return d
}

func TestDigestBlocksStayWithinLimits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name             string
		groups, perGroup int
		replies          int
	}{
		{"small: one message", 2, 1, 0},
		{"ten groups: thread replies", 10, 15, 10},
		{"large groups: each reply truncated", 3, 200, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			main, replies := DigestBlocks(sampleDigest(tc.groups, tc.perGroup))
			if len(replies) != tc.replies {
				t.Errorf("%d replies, want %d", len(replies), tc.replies)
			}
			for _, m := range append([]DigestMessage{main}, replies...) {
				checkCommitmentMessage(t, m.Text, m.Blocks)
				if len(m.Blocks) > 50 || blocksText(m.Blocks) > digestTextBudget {
					t.Errorf("%q: %d blocks, %d characters", m.Text, len(m.Blocks), blocksText(m.Blocks))
				}
			}
		})
	}
}

func TestDigestBlocksGolden(t *testing.T) {
	t.Parallel()
	main, replies := DigestBlocks(sampleDigest(2, 1))
	if len(replies) != 0 {
		t.Fatalf("%d replies for a small digest", len(replies))
	}
	got, err := json.MarshalIndent(main, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "digest_blocks.json")
	if *updateDigestGolden {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update-digest-golden)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("digest blocks changed; run with -update-digest-golden and review:\n%s", got)
	}
	text := flattenBlocks(t, main)
	for _, want := range []string{"Weekly digest: Mon 16 Nov – Mon 23 Nov 2026", "🎯 Cut youth", "Needs attention",
		"⏰ due Thu 19 Nov — Item 3 for Group 01 — <@U0LATE> · Group 01", "🆘 needs help", "Outside working groups",
		"✅ Item 1 for Group 01 — thank you <@U0DONE>", "*Group 02* — 1 done · 1 new · 1 overdue"} {
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
