package store_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// seedCommitment is one commitment of the seeded coalition, as the test
// writes it with plain SQL.
type seedCommitment struct {
	owner, status, health string
	group                 int
	created               time.Time
	completed             *time.Time
	due                   *time.Time
}

// digestSeed builds 3 groups, 30 members, 40 commitments in various states
// and 10 shout-outs over 3 weeks before run, deterministically.
func digestSeed(run, today time.Time) ([]seedCommitment, []time.Time) {
	var cs []seedCommitment
	for i := range 40 {
		c := seedCommitment{owner: fmt.Sprintf("U%02d", i%30), group: i % 3, status: "open", health: "none",
			created: run.Add(-time.Duration(i%21)*24*time.Hour - time.Duration(i)*time.Hour)}
		if i%7 != 0 {
			d := today.AddDate(0, 0, i%9-5)
			c.due = &d
		}
		switch {
		case i%4 == 0:
			done := c.created.Add(time.Duration(i%5)*24*time.Hour + time.Hour)
			if done.After(run) {
				done = run.Add(-time.Minute)
			}
			c.status, c.completed = "done", &done
		case i%5 == 0:
			dropped := c.created.Add(time.Hour)
			c.status, c.completed = "dropped", &dropped
		case i%6 == 1:
			c.health = "need_help"
		case i%11 == 2:
			c.health = "blocked"
		}
		cs = append(cs, c)
	}
	var shouts []time.Time
	for i := range 10 {
		shouts = append(shouts, run.Add(-time.Duration(i*2+1)*24*time.Hour-time.Duration(i)*time.Hour))
	}
	return cs, shouts
}

func insertDigestSeed(t *testing.T, st *store.Store, cs []seedCommitment, shouts []time.Time) []int64 {
	t.Helper()
	db := st.DB()
	for i := range 30 {
		db.MustExec(`INSERT INTO members (team_id, user_id, display_name) VALUES ($1, $2, $2)`, team, fmt.Sprintf("U%02d", i))
	}
	var groups []int64
	for i := range 3 {
		var id int64
		if err := db.Get(&id, `INSERT INTO working_groups (team_id, name, channel_id) VALUES ($1, $2, $3) RETURNING id`,
			team, fmt.Sprintf("Group %d", i), fmt.Sprintf("CG%d", i)); err != nil {
			t.Fatal(err)
		}
		groups = append(groups, id)
	}
	var ids []int64
	for i, c := range cs {
		var id int64
		err := db.Get(&id, `INSERT INTO commitments (team_id, owner_id, group_id, text, due, status, health, created_by,
			created_at, updated_at, completed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $2, $8, $8, $9) RETURNING id`,
			team, c.owner, groups[c.group], fmt.Sprintf("Item %d", i), c.due, c.status, c.health, c.created, c.completed)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for i, at := range shouts {
		db.MustExec(`INSERT INTO shoutouts (team_id, giver_id, channel_id, message, created_at) VALUES ($1, 'U00', 'C0', $2, $3)`,
			team, fmt.Sprintf("Thanks %d", i), at)
	}
	return ids
}

func TestDigestNumbersMatchTheSeed(t *testing.T) {
	t.Parallel()
	st := store.New(storetest.NewDB(t))
	run := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	cs, shouts := digestSeed(run, today)
	ids := insertDigestSeed(t, st, cs, shouts)
	w := store.DigestWindow{TeamID: team, From: run.AddDate(0, 0, -7), To: run, Today: today}

	// Expectations straight from the seed.
	var wantDone, wantNew, wantOverdue, wantHelp []int64
	for i, c := range cs {
		in := func(at time.Time) bool { return !at.Before(w.From) && at.Before(w.To) }
		if c.status == "done" && in(*c.completed) {
			wantDone = append(wantDone, ids[i])
		}
		if in(c.created) {
			wantNew = append(wantNew, ids[i])
		}
		if c.status == "open" && c.due != nil && c.due.Before(today) {
			wantOverdue = append(wantOverdue, ids[i])
		}
		if c.status == "open" && (c.health == "need_help" || c.health == "blocked") {
			wantHelp = append(wantHelp, ids[i])
		}
	}
	wantShouts := 0
	for _, at := range shouts {
		if !at.Before(w.From) && at.Before(w.To) {
			wantShouts++
		}
	}
	if len(wantDone) == 0 || len(wantOverdue) == 0 || len(wantHelp) == 0 || wantShouts == 0 || wantShouts == len(shouts) {
		t.Fatalf("the seed lacks a case: done %d overdue %d help %d shouts %d", len(wantDone), len(wantOverdue), len(wantHelp), wantShouts)
	}

	counts, err := st.DigestCounts(t.Context(), w)
	if err != nil {
		t.Fatal(err)
	}
	want := store.DigestCounts{Done: len(wantDone), New: len(wantNew), Overdue: len(wantOverdue), NeedHelp: len(wantHelp), Shoutouts: wantShouts}
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
