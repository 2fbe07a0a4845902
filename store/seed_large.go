package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// BulkPlan describes a generated coalition: how many of each thing, and
// the words its names and texts are drawn from. Everything is derived from
// Seed, so one plan always writes the same rows (identity IDs aside).
type BulkPlan struct {
	TeamID string
	// Now anchors every date: three years of history end here.
	Now  time.Time
	Seed int64
	// UserPrefix starts every generated member's Slack user ID.
	UserPrefix string

	Partners, Members, Groups, Commitments, Indicators, Shoutouts int
	// Staff and Steering are how many of the first members hold those roles.
	Staff, Steering int
	// HistoryDays is how far back commitments and shout-outs go.
	HistoryDays int

	Coalition Coalition
	// Periods are the monthly periods every indicator has values for,
	// oldest first; the last one is only partly reported.
	Periods []BulkPeriod
	// Dimension splits every indicator; each value is a segment.
	Dimension Dimension
	Words     BulkWords
	// IndicatorDefs are the definitions, cycled through for Indicators
	// indicators; the key is derived from the name.
	IndicatorDefs []BulkIndicator
}

// BulkPeriod is one reporting period: its canonical name, first day, and
// the day it closed.
type BulkPeriod struct {
	Name     string
	Start    time.Time
	ClosedOn time.Time
}

// BulkIndicator is one generated indicator's key and definition.
type BulkIndicator struct {
	Key string
	Def IndicatorDef
}

// BulkWords are the vocabularies of generated names and texts.
type BulkWords struct {
	Places      []string
	PartnerKind []string
	// PartnerSector is the sector of each PartnerKind.
	PartnerSector []string
	FirstNames    []string
	LastNames     []string
	Zones         []string
	GroupTopics   []string
	Tasks         []string
	Thanks        []string
}

// UserID is the Slack user ID of the plan's i-th member (1-based).
func (p BulkPlan) UserID(i int) string { return fmt.Sprintf("%s%06d", p.UserPrefix, i) }

// BulkResult counts what SeedBulk wrote, and how long each table took.
type BulkResult struct {
	Rows map[string]int64
	Took map[string]time.Duration
	// Tables lists the keys of Rows in the order they were written.
	Tables []string
}

// bulkStep writes one table of a generated coalition.
type bulkStep struct {
	table string
	run   func(ctx context.Context, tx *Tx, p BulkPlan) (int64, error)
}

var bulkSteps = []bulkStep{
	{"partners", bulkPartners},
	{"members", bulkMembers},
	{"working_groups", bulkGroups},
	{"group_members", bulkGroupMembers},
	{"commitments", bulkCommitments},
	{"commitment_events", bulkCommitmentEvents},
	{"outbox", bulkOutbox},
	{"indicators", bulkIndicators},
	{"reports", bulkReports},
	{"shoutouts", bulkShoutouts},
	{"shoutout_credits", bulkCredits},
	{"shoutout_plus_ones", bulkPlusOnes},
}

// ErrTeamNotEmpty is returned by SeedBulk when the team already has a
// coalition or members: generated rows never mix with real ones.
var ErrTeamNotEmpty = errors.New("the team already has data")

// SeedBulk writes the coalition the plan describes into an empty team, in
// one transaction, with set-based INSERT … SELECT statements so that even
// millions of rows take seconds; then it refreshes the planner's
// statistics, which the indexes' use depends on.
func (s *Store) SeedBulk(ctx context.Context, p BulkPlan) (BulkResult, error) {
	res := BulkResult{Rows: map[string]int64{}, Took: map[string]time.Duration{}}
	err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.checkEmptyTeam(ctx, p.TeamID); err != nil {
			return err
		}
		if err := tx.skipForeignKeyChecks(ctx); err != nil {
			return err
		}
		c := p.Coalition
		c.TeamID = p.TeamID
		if err := tx.SaveCoalition(ctx, c); err != nil {
			return err
		}
		for _, step := range bulkSteps {
			start := time.Now()
			n, err := step.run(ctx, tx, p)
			if err != nil {
				return fmt.Errorf("generate %s: %w", step.table, err)
			}
			res.Rows[step.table], res.Tables = n, append(res.Tables, step.table)
			res.Took[step.table] = time.Since(start)
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	start := time.Now()
	err = s.analyze(ctx, res.Tables)
	res.Took["VACUUM ANALYZE"] = time.Since(start)
	return res, err
}

func (tx *Tx) checkEmptyTeam(ctx context.Context, teamID string) error {
	var n int
	err := tx.tx.GetContext(ctx, &n, `
		SELECT (SELECT count(*) FROM coalitions WHERE team_id = $1) + (SELECT count(*) FROM members WHERE team_id = $1)`,
		teamID)
	if err != nil {
		return fmt.Errorf("check team %s: %w", teamID, err)
	}
	if n > 0 {
		return fmt.Errorf("team %s: %w", teamID, ErrTeamNotEmpty)
	}
	return nil
}

// skipForeignKeyChecks turns off, for this transaction, the triggers that
// check foreign keys row by row: generated rows refer only to rows
// generated before them, and the checks would take half the time. Only a
// superuser may; for others the checks stay.
func (tx *Tx) skipForeignKeyChecks(ctx context.Context) error {
	var super bool
	if err := tx.tx.GetContext(ctx, &super, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`); err != nil {
		return fmt.Errorf("check role: %w", err)
	}
	if !super {
		return nil
	}
	if _, err := tx.tx.ExecContext(ctx, `SET LOCAL session_replication_role = replica`); err != nil {
		return fmt.Errorf("skip foreign key checks: %w", err)
	}
	return nil
}

// analyze vacuums and refreshes the statistics of the tables just filled:
// until autovacuum gets to them the planner would think them empty, the
// first reads would rewrite every page to set hint bits, and index-only
// scans could not skip the heap (no visibility map yet).
func (s *Store) analyze(ctx context.Context, tables []string) error {
	// coalition_figures is filled by a trigger on reports.
	for _, t := range append(tables, "indicator_partners", "indicator_versions", "coalitions", "coalition_figures") {
		// Table names come from bulkSteps, never from input.
		if _, err := s.db.ExecContext(ctx, `VACUUM (ANALYZE) `+t); err != nil {
			return fmt.Errorf("analyze %s: %w", t, err)
		}
	}
	return nil
}

// rowsOf is the number of rows a statement wrote.
func rowsOf(ctx context.Context, tx *Tx, query string, args ...any) (int64, error) {
	res, err := tx.tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, interpret(err)
	}
	return res.RowsAffected()
}

// bulkIndicators defines the indicators, each reported by every partner.
func bulkIndicators(ctx context.Context, tx *Tx, p BulkPlan) (int64, error) {
	var partners []int64
	if err := tx.tx.SelectContext(ctx, &partners, `SELECT id FROM partners WHERE team_id = $1 ORDER BY id`, p.TeamID); err != nil {
		return 0, fmt.Errorf("list partners: %w", err)
	}
	for i := range p.Indicators {
		bi := p.IndicatorDefs[i%len(p.IndicatorDefs)]
		key := bi.Key
		if i >= len(p.IndicatorDefs) {
			key = fmt.Sprintf("%s-%d", key, i/len(p.IndicatorDefs)+1)
		}
		def := bi.Def
		def.Dimensions = Dimensions{p.Dimension}
		// Every partner has reported it since the first generated period.
		def.ChangedAt = p.Periods[0].Start
		if _, err := tx.AddIndicator(ctx, p.TeamID, key, def, partners); err != nil {
			return 0, err
		}
	}
	return int64(p.Indicators), nil
}

// BusiestOwner returns the member with the most open commitments: the
// worst case of `/commitments mine`.
func (r reader) BusiestOwner(ctx context.Context, teamID string) (string, error) {
	var owner string
	err := r.q.GetContext(ctx, &owner, `
		SELECT owner_id FROM commitments WHERE team_id = $1 AND status = 'open'
		GROUP BY owner_id ORDER BY count(*) DESC, owner_id LIMIT 1`, teamID)
	if err != nil {
		return "", fmt.Errorf("find the busiest owner: %w", interpret(err))
	}
	return owner, nil
}
