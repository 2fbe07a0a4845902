package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/lib/pq"
)

// teamTables lists, children before parents, every table keyed by team_id;
// DeleteTeam empties them in this order so no foreign key stands in the
// way. TestTeamTablesCoverTheSchema fails when a migration adds a table
// keyed by team_id that is missing here.
var teamTables = []string{
	"import_drafts", "outbox_uploads", "outbox", "slack_events", "audit_log", "job_runs", "schedules", "holidays",
	"web_sessions", "web_links_used",
	"shoutout_plus_ones", "shoutout_credits", "shoutouts",
	// Commitments before indicators: a commitment may name one (00035).
	"commitment_messages", "commitment_events", "commitments", "meetings",
	"coalition_figures", "reports", "indicator_assignments", "indicator_partners", "indicator_versions", "indicators",
	"partner_claims", "group_members", "working_groups", "slack_profiles", "members", "partners",
	"settings", "coalitions", "installations",
}

// DeleteTeam deletes every row of a team, in one transaction: its
// coalition, people, commitments, figures, messages and installation. It
// reports the rows deleted per table that had any.
func (s *Store) DeleteTeam(ctx context.Context, teamID string) (map[string]int64, error) {
	deleted := map[string]int64{}
	err := s.InTx(ctx, func(tx *Tx) error {
		// Lets this transaction delete the team's rows of the append-only
		// tables (migration 00041), and no other team's.
		if _, err := tx.tx.ExecContext(ctx, `SELECT set_config('backbone.purge_team', $1, true)`, teamID); err != nil {
			return fmt.Errorf("allow purge of %s: %w", teamID, err)
		}
		for _, table := range teamTables {
			res, err := tx.tx.ExecContext(ctx, `DELETE FROM `+pq.QuoteIdentifier(table)+` WHERE team_id = $1`, teamID)
			if err != nil {
				return fmt.Errorf("delete %s rows of %s: %w", table, teamID, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				deleted[table] = n
			}
		}
		return nil
	})
	return deleted, err
}

// TeamTablesMissing lists the tables with a team_id column that DeleteTeam
// does not empty.
func (s *Store) TeamTablesMissing(ctx context.Context) ([]string, error) {
	var tables []string
	err := s.db.SelectContext(ctx, &tables, `
		SELECT table_name FROM information_schema.columns
		WHERE column_name = 'team_id' AND table_schema = current_schema() AND table_name <> ALL($1)
		ORDER BY 1`, pq.Array(teamTables))
	if err != nil {
		return nil, fmt.Errorf("list team tables: %w", err)
	}
	return tables, nil
}

// TeamRows counts a team's rows in every team table, for the isolation
// tests and `backbone team`.
func (s *Store) TeamRows(ctx context.Context, teamID string) (map[string]int64, error) {
	parts := make([]string, len(teamTables))
	for i, t := range teamTables {
		parts[i] = fmt.Sprintf(`SELECT %s AS t, count(*) AS n FROM %s WHERE team_id = $1`, pq.QuoteLiteral(t), pq.QuoteIdentifier(t))
	}
	var rows []struct {
		T string `db:"t"`
		N int64  `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &rows, strings.Join(parts, " UNION ALL "), teamID); err != nil {
		return nil, fmt.Errorf("count rows of %s: %w", teamID, err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		if r.N > 0 {
			out[r.T] = r.N
		}
	}
	return out, nil
}
