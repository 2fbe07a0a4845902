package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// parentsID is the third seeded group's channel.
const parentsID = "C0PARENTS"

// digestThread waits until the steering digest for the run and its
// replies (as many as the run queued for the steering channel) have
// arrived, and returns them, the main message first.
func digestThread(t *testing.T, h *harness, steering int) []slacktest.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(h.ctx, 90*time.Second)
	defer cancel()
	var thread []slacktest.Message
	_, err := h.waitNew(ctx, 0, func(slacktest.Message) bool {
		thread = thread[:0]
		for _, m := range h.slack.Messages() {
			if m.Channel == generalID && !m.ViaResponseURL && strings.HasPrefix(m.Text, "Weekly digest") {
				thread = append(thread, m)
			}
		}
		return len(thread) == steering
	})
	if err != nil {
		t.Fatalf("%d of the %d steering digest messages arrived: %v", len(thread), steering, err)
	}
	for _, m := range thread[1:] {
		if m.ThreadTS != thread[0].TS {
			t.Errorf("%q is not in the digest's thread", m.Text)
		}
	}
	return thread
}

// queuedFor counts the digest rows queued for channel.
func queuedFor(t *testing.T, h *harness, channel string) int {
	t.Helper()
	var n int
	if err := h.store.DB().Get(&n, `SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'digest:%' AND dedupe_key NOT LIKE '%:chart'
		AND channel = $1`, channel); err != nil {
		t.Fatal(err)
	}
	return n
}

var itemRe = regexp.MustCompile(`Item \d\d`)

// items lists the seeded items named on the lines starting with prefix.
func items(lines []string, prefix string) []string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			out = append(out, itemRe.FindString(l))
		}
	}
	slices.Sort(out)
	return out
}

func TestDigestAcceptanceOnTheSeededCoalition(t *testing.T) {
	t.Parallel()
	run := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	h, _, s := scheduled(t, run.Add(time.Minute))
	h.slack.AddChannel(slacktest.Channel{ID: parentsID, Name: "parent-education", Members: []string{adminID}, BotIsMember: true})
	db := h.store.DB()
	db.MustExec(`INSERT INTO coalitions (team_id, name, goal, timezone, steering_channel) VALUES ($1, 'CTC', 'Cut youth binge drinking by 20%', 'UTC', $2)`, cmTeam, generalID)
	seed := storetest.NewDigestSeed(run, [3]string{youthID, normsID, parentsID})
	seed.Insert(t, db, cmTeam)

	out, err := s.RunAt(context.Background(), cmTeam, "digest", run)
	if err != nil || len(out) != 1 || !out[0].Ran {
		t.Fatalf("RunAt = %+v, %v", out, err)
	}
	var lines []string
	for _, m := range digestThread(t, h, queuedFor(t, h, generalID)) {
		lines = append(lines, strings.Split(flatten(m), "\n")...)
	}

	// What the digest must list, from the seed alone.
	from := run.AddDate(0, 0, -7)
	in := func(at time.Time) bool { return !at.Before(from) && at.Before(run) }
	var done, overdue, attention []string
	for _, c := range seed.Commitments {
		late := c.Status == "open" && c.Due != nil && c.Due.Before(seed.Today)
		switch {
		case c.Status == "done" && in(*c.Completed):
			done = append(done, c.Text)
		case late:
			overdue = append(overdue, c.Text)
		}
		if late || c.Status == "open" && (c.Health == "need_help" || c.Health == "blocked") {
			attention = append(attention, c.Text)
		}
	}
	owed := map[string]string{"monthly": "2026-10", "quarterly": "2026-Q3", "yearly": "2025"} // last closed on 23 Nov 2026
	var missing []string
	for k, ind := range seed.Indicators {
		for _, p := range ind.Partners {
			sent := slices.ContainsFunc(seed.Reports, func(r storetest.SeedReport) bool {
				return r.Indicator == k && r.Partner == p && r.Period == owed[ind.Cadence] && r.Segment == "" && r.At.Before(run)
			})
			if !sent && !seed.Partners[p].Archived {
				missing = append(missing, fmt.Sprintf("%s %s %s", ind.Key, owed[ind.Cadence], seed.Partners[p].Name))
			}
		}
	}
	slices.Sort(done)
	slices.Sort(overdue)
	slices.Sort(attention)
	slices.Sort(missing)
	if len(done) == 0 || len(overdue) == 0 || len(missing) == 0 {
		t.Fatalf("the seed lacks a case: done %v overdue %v missing %v", done, overdue, missing)
	}

	sameList(t, "done this week", items(lines, "✅ Item"), done)
	sameList(t, "overdue in the groups", items(lines, "⏰ Item"), overdue)
	sameList(t, "needs attention", items(lines, "• ⏰ due"), overdue)
	sameList(t, "needs attention, all", append(items(lines, "• ⏰ due"), items(lines, "• 🆘")...), attention)
	sameList(t, "missing reports", missingIn(lines), missing)
	all := strings.Join(lines, "\n")
	mustContain(t, all, "📅 Next meeting: Mon 30 Nov", "*Coalition health*, last 90 days", "• *Partner A* — 📝 reports",
		"by town: gap 26 between Greenfield and Orange (1 small count hidden)", "*Shout-outs this week*")
	if n := strings.Count(all, "• 👏 "); n != 3 {
		t.Errorf("%d shout-outs listed, want the week's 3", n)
	}

	// Each group's own section in its channel, never coalition health.
	ctx, cancel := h.timeout()
	defer cancel()
	for i, ch := range []string{youthID, normsID, parentsID} {
		m, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool { return m.Channel == ch && strings.HasPrefix(m.Text, "Weekly digest") })
		if err != nil {
			t.Fatalf("no digest in %s: %v", ch, err)
		}
		text := flatten(m)
		mustContain(t, text, "*"+seed.Groups[i].Name+"* — ")
		if strings.Contains(text, "Coalition health") || strings.Contains(text, "Partner A") {
			t.Errorf("%s's digest shows the steering committee's parts:\n%s", ch, text)
		}
	}
	if v := h.slack.Violations(); len(v) > 0 {
		t.Errorf("Block Kit violations: %v", v)
	}
}

// missingIn reads the missing-report lines: "• 📝 *Name* `key`, period:
// A, B and C".
func missingIn(lines []string) []string {
	var out []string
	for _, l := range lines {
		rest, ok := strings.CutPrefix(l, "• 📝 ")
		if !ok {
			continue
		}
		head, names, _ := strings.Cut(rest, ": ")
		f := strings.Fields(strings.NewReplacer("`", " ", ",", " ").Replace(head))
		key, period := f[len(f)-2], f[len(f)-1]
		for _, n := range strings.Split(strings.ReplaceAll(names, " and ", ", "), ", ") {
			out = append(out, fmt.Sprintf("%s %s %s", key, period, n))
		}
	}
	slices.Sort(out)
	return out
}

func sameList(t *testing.T, what string, got, want []string) {
	t.Helper()
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// seedLargeCoalition writes, with plain SQL, ten times the acceptance
// coalition: 60 partners, 300 members, 30 groups on their own channels,
// 400 commitments, 40 monthly indicators with 10 reporting partners each
// (7 of whom report), and 100 shout-outs over 3 weeks.
func seedLargeCoalition(t *testing.T, h *harness, run time.Time) {
	t.Helper()
	db := h.store.DB()
	for g := range 30 {
		h.slack.AddChannel(slacktest.Channel{ID: fmt.Sprintf("C9G%02d", g), Members: []string{adminID}, BotIsMember: true})
	}
	for _, q := range []string{
		`INSERT INTO coalitions (team_id, name, goal, timezone, steering_channel) VALUES ($1, 'Big', 'A long-term goal', 'UTC', '` + generalID + `')`,
		`INSERT INTO partners (team_id, name, sector) SELECT $1, 'Partner ' || lpad(i::text, 2, '0'), 'nonprofit' FROM generate_series(0, 59) i`,
		`INSERT INTO members (team_id, user_id, display_name, partner_id)
		 SELECT $1, 'UL' || lpad(i::text, 3, '0'), 'Member ' || i, (SELECT id FROM partners WHERE team_id = $1 ORDER BY id OFFSET i % 60 LIMIT 1)
		 FROM generate_series(0, 299) i`,
		`INSERT INTO working_groups (team_id, name, channel_id) SELECT $1, 'Working group ' || lpad(g::text, 2, '0'), 'C9G' || lpad(g::text, 2, '0') FROM generate_series(0, 29) g`,
		`INSERT INTO commitments (team_id, owner_id, partner_id, group_id, text, due, status, health, created_by, created_at, updated_at, completed_at)
		 SELECT $1, m.user_id, m.partner_id, (SELECT id FROM working_groups WHERE team_id = $1 ORDER BY id OFFSET i % 30 LIMIT 1),
		        'Reach out to every partner about the spring campaign, item ' || i,
		        CASE WHEN i % 7 <> 0 THEN $3::date + (i % 9 - 5) END,
		        CASE WHEN i % 4 = 0 THEN 'done' WHEN i % 5 = 0 THEN 'dropped' ELSE 'open' END,
		        CASE WHEN i % 6 = 1 AND i % 4 <> 0 AND i % 5 <> 0 THEN 'need_help' ELSE 'none' END,
		        m.user_id, $2::timestamptz - (i % 21) * interval '1 day' - i * interval '1 minute', $2::timestamptz - (i % 21) * interval '1 day',
		        CASE WHEN i % 4 = 0 OR i % 5 = 0 THEN $2::timestamptz - (i % 5) * interval '1 day' - interval '1 minute' END
		 FROM generate_series(0, 399) i JOIN members m ON m.team_id = $1 AND m.user_id = 'UL' || lpad((i % 300)::text, 3, '0')`,
		`INSERT INTO indicators (team_id, key) SELECT $1, 'indicator-' || i FROM generate_series(0, 39) i`,
		`INSERT INTO indicator_versions (indicator_id, version, team_id, name, definition, unit, direction, cadence, target_value, target_period, combine, changed_by)
		 SELECT id, 1, $1, 'Indicator ' || key, 'A definition', 'count', 'up', 'monthly', 500, '2030', 'sum', 'UL000' FROM indicators WHERE team_id = $1`,
		`INSERT INTO indicator_partners (indicator_id, partner_id, team_id)
		 SELECT i.id, p.id, $1 FROM indicators i JOIN partners p ON p.team_id = $1 AND (p.id + i.id) % 6 = 0 WHERE i.team_id = $1`,
		`INSERT INTO reports (team_id, indicator_id, indicator_version, partner_id, period, period_start, segment, revision, value, reported_by, reported_at)
		 SELECT $1, ip.indicator_id, 1, ip.partner_id, to_char(m, 'YYYY-MM'), m, '', 1, 10 + (ip.partner_id % 7), 'UL000', m + interval '1 month 3 days'
		 FROM indicator_partners ip CROSS JOIN generate_series('2026-08-01'::date, '2026-10-01'::date, interval '1 month') m
		 WHERE ip.team_id = $1 AND (ip.partner_id + ip.indicator_id) % 10 < 7`,
		`INSERT INTO shoutouts (team_id, giver_id, channel_id, message, created_at)
		 SELECT $1, 'UL' || lpad((i % 300)::text, 3, '0'), 'C9G00', 'Thank you for the parent night, number ' || i, $2::timestamptz - i * interval '5 hours'
		 FROM generate_series(1, 100) i`,
		`INSERT INTO shoutout_credits (shoutout_id, team_id, user_id) SELECT id, $1, 'UL' || lpad(((id * 7) % 300)::text, 3, '0') FROM shoutouts WHERE team_id = $1`,
	} {
		args := []any{cmTeam, run, run.Truncate(24 * time.Hour)}
		switch {
		case strings.Contains(q, "$3"):
		case strings.Contains(q, "$2"):
			args = args[:2]
		default:
			args = args[:1]
		}
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("seed: %v\n%s", err, q)
		}
	}
}

func TestDigestOfATenTimesLargerCoalitionStaysWithinBlockKit(t *testing.T) {
	t.Parallel()
	run := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	h, _, s := scheduled(t, run.Add(time.Minute))
	seedLargeCoalition(t, h, run)
	out, err := s.RunAt(context.Background(), cmTeam, "digest", run)
	if err != nil || len(out) != 1 || !out[0].Ran {
		t.Fatalf("RunAt = %+v, %v", out, err)
	}
	thread := digestThread(t, h, queuedFor(t, h, generalID))
	if len(thread) < 2 {
		t.Fatalf("%d steering messages; the groups' sections should go in the thread", len(thread))
	}
	mustContain(t, flatten(thread[0]), "follow in this thread", "*Coalition health*", "…and ")
	var sections string
	for i, m := range thread {
		var blocks []json.RawMessage
		if err := json.Unmarshal(m.Blocks, &blocks); err != nil || len(blocks) > 50 {
			t.Errorf("%q: %d blocks, %v", m.Text, len(blocks), err)
		}
		t.Logf("steering message %d: %d blocks, %d characters", i, len(blocks), utf8.RuneCountInString(flatten(m)))
		if i > 0 {
			sections += flatten(m)
		}
	}
	for g := range 30 {
		if n := strings.Count(sections, fmt.Sprintf("*Working group %02d* — ", g)); n != 1 {
			t.Errorf("working group %02d's section appears %d times in the thread", g, n)
		}
	}
	// Every group had something this week: each gets its own post.
	ctx, cancel := context.WithTimeout(h.ctx, 30*time.Second)
	defer cancel()
	if _, err := h.waitNew(ctx, 0, func(slacktest.Message) bool {
		n := 0
		for _, m := range h.slack.Messages() {
			if strings.HasPrefix(m.Channel, "C9G") && strings.HasPrefix(m.Text, "Weekly digest") {
				n++
			}
		}
		return n == 30
	}); err != nil {
		var rows []string
		_ = h.store.DB().Select(&rows, `SELECT dedupe_key || ' ' || status || ' ' || last_error FROM outbox WHERE channel LIKE 'C9G%'`)
		t.Fatalf("not every group got its digest: %v\n%q", err, rows)
	}
	if v := h.slack.Violations(); len(v) > 0 {
		t.Errorf("Block Kit violations: %v", v)
	}
}
