package store

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// DigestGroup is an active working group as a digest shows it.
type DigestGroup struct {
	ID        int64  `db:"id"`
	Name      string `db:"name"`
	ChannelID string `db:"channel_id"`
	// NextMeeting is the date announced when the group's latest meeting
	// before the run ended, when it is w.Today or later; nil otherwise.
	NextMeeting *time.Time `db:"next_meeting"`
}

// DigestGroups lists the active working groups by name, with their next
// meeting.
func (r reader) DigestGroups(ctx context.Context, w DigestWindow) ([]DigestGroup, error) {
	var out []DigestGroup
	err := r.q.SelectContext(ctx, &out, `
		SELECT g.id, g.name, g.channel_id,
		       (SELECT m.next_meeting FROM meetings m
		        WHERE m.group_id = g.id AND m.ended_at < $2 AND m.next_meeting >= $3
		          AND NOT EXISTS (SELECT 1 FROM meetings later WHERE later.group_id = g.id
		                          AND later.ended_at < $2 AND later.ended_at > m.ended_at)
		       ) AS next_meeting
		FROM working_groups g
		WHERE g.team_id = $1 AND NOT g.archived
		ORDER BY lower(g.name), g.id`, w.TeamID, w.To, w.Today)
	if err != nil {
		return nil, fmt.Errorf("list digest groups of %s: %w", w.TeamID, err)
	}
	return out, nil
}

// DigestShoutout is a shout-out as a digest lists it: who gave it, whom it
// thanks, and its message.
type DigestShoutout struct {
	ID        int64     `db:"id"`
	GiverID   string    `db:"giver_id"`
	Message   string    `db:"message"`
	CreatedAt time.Time `db:"created_at"`
	PlusOnes  int       `db:"plus_ones"`
	// UserIDs are the members it credits; Partners the organizations it
	// names on their own (not as a member's).
	UserIDs  pq.StringArray `db:"user_ids"`
	Partners pq.StringArray `db:"partners"`
}

// DigestShoutouts lists the shout-outs given in the window, oldest first.
func (r reader) DigestShoutouts(ctx context.Context, w DigestWindow) ([]DigestShoutout, error) {
	var out []DigestShoutout
	err := r.q.SelectContext(ctx, &out, `
		SELECT s.id, s.giver_id, s.message, s.created_at,
		       (SELECT count(*) FROM shoutout_plus_ones p WHERE p.shoutout_id = s.id) AS plus_ones,
		       ARRAY(SELECT c.user_id FROM shoutout_credits c
		             WHERE c.shoutout_id = s.id AND c.user_id <> '' ORDER BY c.id) AS user_ids,
		       ARRAY(SELECT p.name FROM shoutout_credits c JOIN partners p ON p.id = c.partner_id
		             WHERE c.shoutout_id = s.id AND c.user_id = '' ORDER BY c.id) AS partners
		FROM shoutouts s
		WHERE s.team_id = $1 AND s.created_at >= $2 AND s.created_at < $3
		ORDER BY s.created_at, s.id`, w.TeamID, w.From, w.To)
	if err != nil {
		return nil, fmt.Errorf("list digest shoutouts of %s: %w", w.TeamID, err)
	}
	return out, nil
}
