package store

import (
	"context"
	"fmt"
	"time"
)

// Meeting is one session of a working group, held in its channel.
type Meeting struct {
	ID        int64     `db:"id" json:"id"`
	TeamID    string    `db:"team_id" json:"-"`
	GroupID   int64     `db:"group_id" json:"group_id"`
	ChannelID string    `db:"channel_id" json:"channel_id"`
	Title     string    `db:"title" json:"title"`
	StartedBy string    `db:"started_by" json:"started_by"`
	StartedAt time.Time `db:"started_at" json:"started_at"`
	EndedBy   string    `db:"ended_by" json:"ended_by,omitempty"`
	// EndedAt is nil while the meeting is open.
	EndedAt *time.Time `db:"ended_at" json:"ended_at,omitempty"`
	// NextMeeting is a calendar date (midnight UTC), nil when not announced.
	NextMeeting *time.Time `db:"next_meeting" json:"next_meeting,omitempty"`
}

const meetingColumns = `id, team_id, group_id, channel_id, title, started_by, started_at, ended_by, ended_at, next_meeting`

// StartMeeting opens a meeting; ErrConflict when one is already open in
// its channel.
func (tx *Tx) StartMeeting(ctx context.Context, m Meeting) (Meeting, error) {
	var out Meeting
	err := tx.tx.GetContext(ctx, &out, `
		INSERT INTO meetings (team_id, group_id, channel_id, title, started_by, started_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING `+meetingColumns,
		m.TeamID, m.GroupID, m.ChannelID, m.Title, m.StartedBy, m.StartedAt)
	if err != nil {
		return out, fmt.Errorf("start meeting: %w", interpret(err))
	}
	return out, nil
}

// OpenMeeting returns the meeting open in a channel; ErrNotFound when none.
func (r reader) OpenMeeting(ctx context.Context, teamID, channelID string) (Meeting, error) {
	var m Meeting
	err := r.q.GetContext(ctx, &m, `SELECT `+meetingColumns+` FROM meetings
		WHERE team_id = $1 AND channel_id = $2 AND ended_at IS NULL`, teamID, channelID)
	if err != nil {
		return m, fmt.Errorf("find open meeting in %s: %w", channelID, interpret(err))
	}
	return m, nil
}

// Meeting returns one meeting of a team; ErrNotFound when there is none.
func (r reader) Meeting(ctx context.Context, teamID string, id int64) (Meeting, error) {
	var m Meeting
	err := r.q.GetContext(ctx, &m, `SELECT `+meetingColumns+` FROM meetings
		WHERE team_id = $1 AND id = $2`, teamID, id)
	if err != nil {
		return m, fmt.Errorf("get meeting %d: %w", id, interpret(err))
	}
	return m, nil
}

// EndMeeting closes an open meeting and records the next meeting's date
// (nil when not announced). It returns the meeting as closed; ErrNotFound
// when it was already closed.
func (tx *Tx) EndMeeting(ctx context.Context, id int64, by string, at time.Time, next *time.Time) (Meeting, error) {
	var m Meeting
	err := tx.tx.GetContext(ctx, &m, `
		UPDATE meetings SET ended_by = $2, ended_at = $3, next_meeting = $4
		WHERE id = $1 AND ended_at IS NULL RETURNING `+meetingColumns, id, by, at, next)
	if err != nil {
		return m, fmt.Errorf("end meeting %d: %w", id, interpret(err))
	}
	return m, nil
}
