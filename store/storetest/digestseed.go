package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
)

// DigestSeed is a seeded coalition for digest tests, generated from its
// run time alone: the tests derive what a digest must say from these
// fields, never from the code under test. Indexes refer to the slices.
type DigestSeed struct {
	Run, Today  time.Time
	Partners    []SeedPartner
	Members     []SeedMember
	Groups      []SeedGroup
	Commitments []SeedCommitment
	Indicators  []SeedIndicator
	Reports     []SeedReport
	Meetings    []SeedMeeting
	Shoutouts   []SeedShoutout
}

// SeedPartner is a partner organization.
type SeedPartner struct {
	Name     string
	Archived bool
}

// SeedMember is a person; Partner is -1 for none.
type SeedMember struct {
	UserID  string
	Partner int
}

// SeedGroup is a working group bound to a channel.
type SeedGroup struct{ Name, Channel string }

// SeedCommitment is a commitment; its partner is its owner's.
type SeedCommitment struct {
	Owner, Group         int
	Text, Status, Health string
	Created              time.Time
	Completed, Due       *time.Time
}

// SeedIndicator is a quarterly, monthly or yearly indicator with the
// partners expected to report it.
type SeedIndicator struct {
	Key, Name, Cadence, Unit, Combine string
	Partners                          []int
	// Towns are the values of its one dimension, town; none when empty.
	Towns []string
}

// SeedReport is one revision of one value.
type SeedReport struct {
	Indicator, Partner int
	Period, Segment    string
	PeriodStart        time.Time
	Revision           int
	Value              float64
	At                 time.Time
}

// SeedMeeting is an ended meeting of a group and the next date it set.
type SeedMeeting struct {
	Group int
	Ended time.Time
	Next  *time.Time
}

// SeedShoutout is a shout-out crediting members and partners on their own.
type SeedShoutout struct {
	Giver    int
	At       time.Time
	Message  string
	Users    []int
	Partners []int
}

// seedPeriod is a period the seed reports for.
type seedPeriod struct {
	cadence, name string
	start         time.Time
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// NewDigestSeed builds, for a Monday 08:00 UTC run in late November 2026,
// 6 partners (one archived), 30 members, 3 groups on channels, 40
// commitments in every state, 4 indicators with reports from some
// partners and not others, meetings and 10 shout-outs over 3 weeks.
func NewDigestSeed(run time.Time, channels [3]string) DigestSeed {
	today := day(run.Year(), run.Month(), run.Day())
	s := DigestSeed{Run: run, Today: today}
	for i := range 6 {
		s.Partners = append(s.Partners, SeedPartner{Name: fmt.Sprintf("Partner %c", 'A'+i), Archived: i == 5})
	}
	for i := range 30 {
		p := i % 6 // partner F (5) is archived
		if i >= 27 {
			p = -1
		}
		s.Members = append(s.Members, SeedMember{UserID: fmt.Sprintf("U%02d", i), Partner: p})
	}
	for i, ch := range channels {
		s.Groups = append(s.Groups, SeedGroup{Name: fmt.Sprintf("Group %c", 'A'+i), Channel: ch})
	}
	s.Commitments = seedCommitments(run, today)
	s.Indicators = []SeedIndicator{
		{Key: "youth-served", Name: "Young people served", Cadence: "monthly", Unit: "count", Combine: "sum", Partners: []int{0, 1, 2, 5}},
		{Key: "parents-reached", Name: "Parents reached", Cadence: "quarterly", Unit: "count", Combine: "sum", Partners: []int{0, 1, 3}, Towns: []string{"Greenfield", "Orange", "Athol"}},
		{Key: "binge-drinking", Name: "Youth binge drinking", Cadence: "quarterly", Unit: "percent", Combine: "mean", Partners: []int{2, 4}},
		{Key: "retailer-checks", Name: "Retailer compliance checks", Cadence: "yearly", Unit: "count", Combine: "sum", Partners: []int{3, 4}},
	}
	s.Reports = seedReports(s.Indicators, run)
	next := func(d time.Time) *time.Time { return &d }
	s.Meetings = []SeedMeeting{
		{Group: 0, Ended: day(2026, 11, 10).Add(15 * time.Hour), Next: next(day(2026, 11, 30))},
		{Group: 1, Ended: day(2026, 11, 2).Add(15 * time.Hour), Next: next(day(2026, 11, 16))},
		{Group: 1, Ended: run.Add(24 * time.Hour), Next: next(day(2026, 12, 1))}, // after the run
		{Group: 2, Ended: day(2026, 10, 1).Add(15 * time.Hour), Next: next(day(2026, 12, 7))},
		{Group: 2, Ended: day(2026, 11, 20).Add(15 * time.Hour)}, // the latest: no date set
	}
	for i := range 10 {
		sh := SeedShoutout{Giver: i, At: run.Add(-time.Duration(i*2+1)*24*time.Hour - time.Duration(i)*time.Hour),
			Message: fmt.Sprintf("Thanks for the work on item %d", i), Users: []int{(i + 1) % 30, (i + 7) % 30}}
		if i%3 == 0 {
			sh.Partners = []int{i % 5}
		}
		s.Shoutouts = append(s.Shoutouts, sh)
	}
	return s
}

func seedCommitments(run, today time.Time) []SeedCommitment {
	var cs []SeedCommitment
	for i := range 40 {
		c := SeedCommitment{Owner: i % 30, Group: i % 3, Text: fmt.Sprintf("Item %02d", i), Status: "open", Health: "none",
			Created: run.Add(-time.Duration(i%21)*24*time.Hour - time.Duration(i)*time.Hour)}
		if i%7 != 0 {
			d := today.AddDate(0, 0, i%9-5)
			c.Due = &d
		}
		switch {
		case i%4 == 0:
			done := c.Created.Add(time.Duration(i%5)*24*time.Hour + time.Hour)
			if done.After(run) {
				done = run.Add(-time.Minute)
			}
			c.Status, c.Completed = "done", &done
		case i%5 == 0:
			dropped := c.Created.Add(time.Hour)
			c.Status, c.Completed = "dropped", &dropped
		case i%6 == 1:
			c.Health = "need_help"
		case i%11 == 2:
			c.Health = "blocked"
		}
		cs = append(cs, c)
	}
	return cs
}

// seedReports reports each cell unless (indicator, partner, period) falls
// on a gap; a few cells come in after the run or only by segment, a few
// are corrected, and a few are first reported in the digest's week.
func seedReports(inds []SeedIndicator, run time.Time) []SeedReport {
	periods := map[string][]seedPeriod{
		"monthly": {{"monthly", "2026-08", day(2026, 8, 1)}, {"monthly", "2026-09", day(2026, 9, 1)}, {"monthly", "2026-10", day(2026, 10, 1)}},
		"quarterly": {{"quarterly", "2026-Q1", day(2026, 1, 1)}, {"quarterly", "2026-Q2", day(2026, 4, 1)},
			{"quarterly", "2026-Q3", day(2026, 7, 1)}},
		"yearly": {{"yearly", "2024", day(2024, 1, 1)}, {"yearly", "2025", day(2025, 1, 1)}},
	}
	closes := map[string]func(time.Time) time.Time{
		"monthly":   func(t time.Time) time.Time { return t.AddDate(0, 1, 0) },
		"quarterly": func(t time.Time) time.Time { return t.AddDate(0, 3, 0) },
		"yearly":    func(t time.Time) time.Time { return t.AddDate(1, 0, 0) },
	}
	var rs []SeedReport
	for k, ind := range inds {
		ps := periods[ind.Cadence]
		for _, p := range ind.Partners {
			for j, per := range ps {
				last := j == len(ps)-1
				at := closes[ind.Cadence](per.start).AddDate(0, 0, (k+p+j)%12).Add(10 * time.Hour)
				switch {
				case (k*7+p*3+j)%4 == 0:
					continue // never reported
				case last && (k+p)%4 == 3:
					at = run.Add(48 * time.Hour) // reported after the run
				case last && (k+p)%4 == 1:
					at = run.Add(-48 * time.Hour) // reported in the digest's week
				}
				r := SeedReport{Indicator: k, Partner: p, Period: per.name, PeriodStart: per.start, Revision: 1,
					Value: float64(10 + k*5 + p*3 + j), At: at}
				if last && (k+p)%4 == 2 {
					r.Segment = "town=" + firstOr(ind.Towns, "Greenfield") // a segment but no total
				}
				rs = append(rs, r)
				if (k+p+j)%3 == 1 && r.Segment == "" {
					r.Revision, r.Value, r.At = 2, r.Value+1, r.At.Add(24*time.Hour)
					rs = append(rs, r)
				}
				for t, town := range ind.Towns {
					if r.Segment == "" && r.Revision == 1 {
						rs = append(rs, SeedReport{Indicator: k, Partner: p, Period: per.name, PeriodStart: per.start, Revision: 1,
							Segment: "town=" + town, Value: []float64{30, 17, 1}[t%3], At: at})
					}
				}
			}
		}
	}
	return rs
}

func firstOr(xs []string, def string) string {
	if len(xs) == 0 {
		return def
	}
	return xs[0]
}

// DigestSeedIDs are the database IDs of what Insert wrote, by seed index.
type DigestSeedIDs struct {
	Partners, Groups, Commitments, Indicators, Shoutouts []int64
}

// Insert writes the seed for team with plain SQL.
func (s DigestSeed) Insert(t *testing.T, db *sqlx.DB, team string) DigestSeedIDs {
	t.Helper()
	var ids DigestSeedIDs
	get := func(q string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := db.Get(&id, q, args...); err != nil {
			t.Fatalf("seed: %v", err)
		}
		return id
	}
	for _, p := range s.Partners {
		ids.Partners = append(ids.Partners, get(`INSERT INTO partners (team_id, name, sector, archived) VALUES ($1, $2, 'nonprofit', $3) RETURNING id`, team, p.Name, p.Archived))
	}
	partner := func(i int) any {
		if i < 0 {
			return nil
		}
		return ids.Partners[i]
	}
	for _, m := range s.Members {
		db.MustExec(`INSERT INTO members (team_id, user_id, display_name, partner_id) VALUES ($1, $2, $2, $3)`, team, m.UserID, partner(m.Partner))
	}
	for _, g := range s.Groups {
		ids.Groups = append(ids.Groups, get(`INSERT INTO working_groups (team_id, name, channel_id) VALUES ($1, $2, $3) RETURNING id`, team, g.Name, g.Channel))
	}
	for _, c := range s.Commitments {
		owner := s.Members[c.Owner]
		ids.Commitments = append(ids.Commitments, get(`INSERT INTO commitments (team_id, owner_id, partner_id, group_id, text, due, status, health,
			created_by, created_at, updated_at, completed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $2, $9, $9, $10) RETURNING id`,
			team, owner.UserID, partner(owner.Partner), ids.Groups[c.Group], c.Text, c.Due, c.Status, c.Health, c.Created, c.Completed))
	}
	s.insertIndicators(t, db, team, &ids, get)
	for _, m := range s.Meetings {
		db.MustExec(`INSERT INTO meetings (team_id, group_id, channel_id, started_by, started_at, ended_by, ended_at, next_meeting)
			VALUES ($1, $2, $3, 'U00', $4, 'U00', $5, $6)`, team, ids.Groups[m.Group], s.Groups[m.Group].Channel, m.Ended.Add(-time.Hour), m.Ended, m.Next)
	}
	for _, sh := range s.Shoutouts {
		id := get(`INSERT INTO shoutouts (team_id, giver_id, channel_id, message, created_at) VALUES ($1, $2, 'C0', $3, $4) RETURNING id`,
			team, s.Members[sh.Giver].UserID, sh.Message, sh.At)
		for _, u := range sh.Users {
			db.MustExec(`INSERT INTO shoutout_credits (shoutout_id, team_id, user_id, partner_id) VALUES ($1, $2, $3, $4)`,
				id, team, s.Members[u].UserID, partner(s.Members[u].Partner))
		}
		for _, p := range sh.Partners {
			db.MustExec(`INSERT INTO shoutout_credits (shoutout_id, team_id, partner_id) VALUES ($1, $2, $3)`, id, team, ids.Partners[p])
		}
		ids.Shoutouts = append(ids.Shoutouts, id)
	}
	return ids
}

func (s DigestSeed) insertIndicators(t *testing.T, db *sqlx.DB, team string, ids *DigestSeedIDs, get func(string, ...any) int64) {
	t.Helper()
	for _, ind := range s.Indicators {
		id := get(`INSERT INTO indicators (team_id, key) VALUES ($1, $2) RETURNING id`, team, ind.Key)
		dims := "[]"
		if len(ind.Towns) > 0 {
			dims = `[{"name": "town", "values": ["` + joinQuoted(ind.Towns) + `"]}]`
		}
		db.MustExec(`INSERT INTO indicator_versions (indicator_id, version, team_id, name, definition, unit, direction, cadence,
			target_value, target_period, combine, dimensions, changed_by)
			VALUES ($1, 1, $2, $3, 'A definition', $4, 'up', $5, 100, '2030', $6, $7, 'U00')`,
			id, team, ind.Name, ind.Unit, ind.Cadence, ind.Combine, dims)
		for _, p := range ind.Partners {
			db.MustExec(`INSERT INTO indicator_partners (indicator_id, partner_id, team_id) VALUES ($1, $2, $3)`, id, ids.Partners[p], team)
			// Assigned well before every period the digests ask about.
			db.MustExec(`INSERT INTO indicator_assignments (team_id, indicator_id, partner_id, assigned_from) VALUES ($1, $2, $3, $4)`,
				team, id, ids.Partners[p], s.Run.AddDate(-2, 0, 0))
		}
		ids.Indicators = append(ids.Indicators, id)
	}
	for _, r := range s.Reports {
		db.MustExec(`INSERT INTO reports (team_id, indicator_id, indicator_version, partner_id, period, period_start, segment,
			revision, value, reported_by, reported_at) VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, 'U00', $9)`,
			team, ids.Indicators[r.Indicator], ids.Partners[r.Partner], r.Period, r.PeriodStart, r.Segment, r.Revision, r.Value, r.At)
	}
}

func joinQuoted(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += `", "`
		}
		out += x
	}
	return out
}
