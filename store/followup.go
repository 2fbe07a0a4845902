package store

import (
	"context"
	"fmt"
	"time"
)

// The queries of the follow-up jobs: reminders, check-ins and escalations.

// CheckinMeetings lists the latest ended meeting of each active working
// group whose announced next meeting is still ahead of today.
func (r reader) CheckinMeetings(ctx context.Context, teamID string, today time.Time) ([]Meeting, error) {
	var ms []Meeting
	err := r.q.SelectContext(ctx, &ms, `
		SELECT DISTINCT ON (mt.group_id) mt.id, mt.team_id, mt.group_id, mt.channel_id, mt.title, mt.started_by,
		       mt.started_at, mt.ended_by, mt.ended_at, mt.next_meeting
		FROM meetings mt JOIN working_groups g ON g.id = mt.group_id AND NOT g.archived
		WHERE mt.team_id = $1 AND mt.ended_at IS NOT NULL
		ORDER BY mt.group_id, mt.ended_at DESC`, teamID)
	if err != nil {
		return nil, fmt.Errorf("list meetings for check-ins: %w", err)
	}
	var out []Meeting
	for _, m := range ms {
		if m.NextMeeting != nil && m.NextMeeting.After(today) {
			out = append(out, m)
		}
	}
	return out, nil
}

// Escalation is an item backbone staff should look at.
type Escalation struct {
	Commitment
	// Reason is "overdue" or the unattended health flag.
	Reason string `db:"reason"`
	// Since is when it became due, or when the flag was raised.
	Since time.Time `db:"since"`
}

// Escalations lists open items overdue since before overdueBefore, and
// items flagged need_help or blocked with no event after the flag; oldest
// first.
func (r reader) Escalations(ctx context.Context, teamID string, overdueBefore time.Time) ([]Escalation, error) {
	var es []Escalation
	err := r.q.SelectContext(ctx, &es, `
		WITH flagged AS (
			SELECT DISTINCT ON (e.commitment_id) e.commitment_id, e.kind, e.at
			FROM commitment_events e WHERE e.team_id = $1
			ORDER BY e.commitment_id, e.at DESC, e.id DESC
		)
		SELECT `+commitmentColumns+`,
		       CASE WHEN c.health IN ('need_help', 'blocked') AND f.kind = c.health THEN c.health ELSE 'overdue' END AS reason,
		       CASE WHEN c.health IN ('need_help', 'blocked') AND f.kind = c.health THEN f.at ELSE c.due::timestamptz END AS since
		`+commitmentFrom+`
		LEFT JOIN flagged f ON f.commitment_id = c.id
		WHERE c.team_id = $1 AND c.status = 'open'
		  AND ((c.health IN ('need_help', 'blocked') AND f.kind = c.health) OR c.due < $2)
		ORDER BY since, c.id`, teamID, overdueBefore.Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("list escalations: %w", err)
	}
	return es, nil
}
