package store

import (
	"context"
	"fmt"
	"time"
)

// DigestWindow is the span a digest covers: [From, To), and the civil date
// Today (midnight UTC) against which due dates count as overdue.
type DigestWindow struct {
	TeamID string
	From   time.Time
	To     time.Time
	Today  time.Time
	// Zone is the coalition's IANA timezone, which turns times into the
	// calendar dates due dates are compared with; "" is UTC.
	Zone string
}

// zone is w.Zone, defaulting to UTC.
func (w DigestWindow) zone() string {
	if w.Zone == "" || w.Zone == "Local" {
		return "UTC"
	}
	return w.Zone
}

// DigestCounts are a digest's headline numbers.
type DigestCounts struct {
	Done      int `db:"done"`
	New       int `db:"new"`
	Overdue   int `db:"overdue"`
	NeedHelp  int `db:"need_help"`
	Reports   int `db:"reports"`
	Shoutouts int `db:"shoutouts"`
}

// DigestCounts computes the headline numbers of a digest: commitments done
// and made in the window, open ones overdue or needing help at its end,
// reports received (first revisions of partners' totals, not corrections
// or segments) and shout-outs given in it.
func (r reader) DigestCounts(ctx context.Context, w DigestWindow) (DigestCounts, error) {
	var c DigestCounts
	err := r.q.GetContext(ctx, &c, `
		SELECT
		  (SELECT count(*) FROM commitments WHERE team_id = $1 AND status = 'done'
		     AND completed_at >= $2 AND completed_at < $3) AS done,
		  (SELECT count(*) FROM commitments WHERE team_id = $1 AND acceptance <> 'declined'
		     AND created_at >= $2 AND created_at < $3) AS new,
		  (SELECT count(*) FROM commitments WHERE team_id = $1 AND status = 'open'
		     AND acceptance <> 'declined' AND due < $4) AS overdue,
		  (SELECT count(*) FROM commitments WHERE team_id = $1 AND status = 'open'
		     AND health IN ('need_help', 'blocked')) AS need_help,
		  (SELECT count(*) FROM reports WHERE team_id = $1 AND revision = 1 AND segment = ''
		     AND reported_at >= $2 AND reported_at < $3) AS reports,
		  (SELECT count(*) FROM shoutouts WHERE team_id = $1
		     AND created_at >= $2 AND created_at < $3) AS shoutouts`,
		w.TeamID, w.From, w.To, w.Today)
	if err != nil {
		return c, fmt.Errorf("count digest of %s: %w", w.TeamID, err)
	}
	return c, nil
}

// DigestCommitments are the commitments a digest lists.
type DigestCommitments struct {
	// Done were completed in the window, by group then completion.
	Done []Commitment
	// New were made in the window.
	New []Commitment
	// Exceptions are open and overdue or needing help, oldest first (by
	// due date, then creation).
	Exceptions []Commitment
}

// DigestCommitments lists a digest's commitments.
func (r reader) DigestCommitments(ctx context.Context, w DigestWindow) (DigestCommitments, error) {
	var d DigestCommitments
	q := func(dest *[]Commitment, where, order string, args ...any) error {
		err := r.q.SelectContext(ctx, dest, `SELECT `+commitmentColumns+commitmentFrom+
			`WHERE c.team_id = $1 AND `+where+` ORDER BY `+order, args...)
		if err != nil {
			return fmt.Errorf("list digest commitments: %w", err)
		}
		return nil
	}
	if err := q(&d.Done, `c.status = 'done' AND c.completed_at >= $2 AND c.completed_at < $3`,
		`COALESCE(g.name, ''), c.completed_at, c.id`, w.TeamID, w.From, w.To); err != nil {
		return d, err
	}
	if err := q(&d.New, `c.acceptance <> 'declined' AND c.created_at >= $2 AND c.created_at < $3`,
		`COALESCE(g.name, ''), c.created_at, c.id`, w.TeamID, w.From, w.To); err != nil {
		return d, err
	}
	err := q(&d.Exceptions, `c.status = 'open' AND c.acceptance <> 'declined'
		AND (c.due < $2 OR c.health IN ('need_help', 'blocked'))`,
		`c.due NULLS LAST, c.created_at, c.id`, w.TeamID, w.Today)
	return d, err
}
