package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/sandbox"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// TestSeedBulk writes the medium coalition for two teams from the same
// plan and checks that it holds what the plan says, that both teams got
// the same rows, that the rows keep the schema's rules (the constraints
// would have refused them otherwise), and that a team with data is refused.
func TestSeedBulk(t *testing.T) {
	st := store.New(storetest.NewDB(t))
	now := time.Date(2026, 11, 9, 14, 0, 0, 0, time.UTC)
	var prints []string
	for _, team := range []string{"T0BULKA", "T0BULKB"} {
		plan, err := sandbox.BulkPlan(sandbox.SizeMedium, team, now)
		if err != nil {
			t.Fatal(err)
		}
		res, err := st.SeedBulk(t.Context(), plan)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{"partners": int64(plan.Partners), "members": int64(plan.Members),
			"working_groups": int64(plan.Groups), "commitments": int64(plan.Commitments),
			"indicators": int64(plan.Indicators), "shoutouts": int64(plan.Shoutouts)}
		for table, n := range want {
			if res.Rows[table] != n {
				t.Errorf("%s: %d %s, want %d", team, res.Rows[table], table, n)
			}
		}
		prints = append(prints, fingerprint(t, st, team))
		if _, err := st.SeedBulk(t.Context(), plan); !errors.Is(err, store.ErrTeamNotEmpty) {
			t.Errorf("%s seeded twice: %v, want ErrTeamNotEmpty", team, err)
		}
	}
	if prints[0] != prints[1] {
		t.Errorf("one plan, two teams, different rows:\n%s\n%s", prints[0], prints[1])
	}
	checkMix(t, st, "T0BULKA", now)
}

// fingerprint digests a team's generated commitments and reports, in an
// order that depends on their content only (IDs differ between teams).
func fingerprint(t *testing.T, st *store.Store, team string) string {
	t.Helper()
	var fp string
	err := st.DB().Get(&fp, `
		SELECT md5(string_agg(concat_ws('|', c.owner_id, c.text, c.due, c.status, c.health, c.acceptance, c.created_at, c.completed_at,
		                                 g.name), ',' ORDER BY c.created_at, c.owner_id, c.text))
		       || ' ' || (SELECT md5(string_agg(concat_ws('|', i.key, p.name, r.period, r.segment, r.revision, r.value), ','
		                                        ORDER BY i.key, p.name, r.period, r.segment, r.revision))
		                  FROM reports r JOIN partners p ON p.id = r.partner_id JOIN indicators i ON i.id = r.indicator_id
		                  WHERE r.team_id = $1)
		FROM commitments c LEFT JOIN working_groups g ON g.id = c.group_id WHERE c.team_id = $1`, team)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

// checkMix checks that the generated commitments have every state the
// digest and the lists show.
func checkMix(t *testing.T, st *store.Store, team string, now time.Time) {
	t.Helper()
	var mix struct {
		Done     int `db:"done"`
		Dropped  int `db:"dropped"`
		Overdue  int `db:"overdue"`
		NeedHelp int `db:"need_help"`
		Pending  int `db:"pending"`
		DoneWeek int `db:"done_week"`
	}
	err := st.DB().Get(&mix, `
		SELECT count(*) FILTER (WHERE status = 'done') AS done,
		       count(*) FILTER (WHERE status = 'dropped') AS dropped,
		       count(*) FILTER (WHERE status = 'open' AND due < $2::date) AS overdue,
		       count(*) FILTER (WHERE status = 'open' AND health = 'need_help') AS need_help,
		       count(*) FILTER (WHERE acceptance = 'pending') AS pending,
		       count(*) FILTER (WHERE status = 'done' AND completed_at > $2::timestamptz - interval '7 days') AS done_week
		FROM commitments WHERE team_id = $1`, team, now)
	if err != nil {
		t.Fatal(err)
	}
	if mix.Done == 0 || mix.Dropped == 0 || mix.Overdue == 0 || mix.NeedHelp == 0 || mix.Pending == 0 || mix.DoneWeek == 0 {
		t.Errorf("commitments lack a state: %+v", mix)
	}
}
