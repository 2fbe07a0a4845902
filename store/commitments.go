package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// Commitment statuses.
const (
	StatusOpen    = "open"
	StatusDone    = "done"
	StatusDropped = "dropped"
)

// Commitment health flags, set by the owner.
const (
	HealthNone     = "none"
	HealthOnTrack  = "on_track"
	HealthNeedHelp = "need_help"
	HealthBlocked  = "blocked"
)

// Acceptance of a commitment made on someone else's behalf.
const (
	AcceptancePending  = "pending"
	AcceptanceAccepted = "accepted"
	AcceptanceDeclined = "declined"
)

// Commitment event kinds: what a change did.
const (
	EventCreated      = "created"
	EventAccepted     = "accepted"
	EventDateProposed = "date_proposed"
	EventDeclined     = "declined"
	EventDone         = "done"
	EventOnTrack      = "on_track"
	EventNeedHelp     = "need_help"
	EventBlocked      = "blocked"
	EventDueChanged   = "due_changed"
	EventDropped      = "dropped"
)

// Commitment is who will do what by when.
type Commitment struct {
	ID      int64  `db:"id" json:"id"`
	TeamID  string `db:"team_id" json:"-"`
	OwnerID string `db:"owner_id" json:"owner_id"`
	// OwnerAwayUntil is the owner's last day away, if they said so (read
	// queries only).
	OwnerAwayUntil *time.Time `db:"owner_away_until" json:"-"`
	// PartnerID is the owner's organization when it was made.
	PartnerID *int64 `db:"partner_id" json:"partner_id,omitempty"`
	// GroupID is nil for commitments made outside a working group's channel.
	GroupID   *int64 `db:"group_id" json:"group_id,omitempty"`
	MeetingID *int64 `db:"meeting_id" json:"meeting_id,omitempty"`
	ChannelID string `db:"channel_id" json:"channel_id"`
	Text      string `db:"text" json:"text"`
	// Due is a calendar date (midnight UTC); nil means no date.
	Due         *time.Time `db:"due" json:"due,omitempty"`
	Status      string     `db:"status" json:"status"`
	Health      string     `db:"health" json:"health"`
	Acceptance  string     `db:"acceptance" json:"acceptance"`
	CreatedBy   string     `db:"created_by" json:"created_by"`
	CreatedAt   time.Time  `db:"created_at" json:"-"`
	UpdatedAt   time.Time  `db:"updated_at" json:"-"`
	CompletedAt *time.Time `db:"completed_at" json:"completed_at,omitempty"`

	// From the working group, for display; empty without a group.
	GroupName    string `db:"group_name" json:"-"`
	GroupLead    string `db:"group_lead" json:"-"`
	GroupChannel string `db:"group_channel" json:"-"`
}

// IsOpen reports whether the commitment still has to be done.
func (c Commitment) IsOpen() bool { return c.Status == StatusOpen }

const commitmentColumns = `c.id, c.team_id, c.owner_id, c.partner_id, c.group_id, c.meeting_id, c.channel_id,
	c.text, c.due, c.status, c.health, c.acceptance, c.created_by, c.created_at, c.updated_at, c.completed_at,
	COALESCE(g.name, '') AS group_name, COALESCE(g.lead_user_id, '') AS group_lead,
	COALESCE(g.channel_id, '') AS group_channel,
	(SELECT m.away_until FROM members m WHERE m.team_id = c.team_id AND m.user_id = c.owner_id) AS owner_away_until`

const commitmentFrom = ` FROM commitments c LEFT JOIN working_groups g ON g.id = c.group_id `

// AddCommitment records a new commitment and returns it as stored.
func (tx *Tx) AddCommitment(ctx context.Context, c Commitment) (Commitment, error) {
	var id int64
	err := tx.tx.GetContext(ctx, &id, `
		INSERT INTO commitments (team_id, owner_id, partner_id, group_id, meeting_id, channel_id, text, due,
		                         acceptance, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
		c.TeamID, c.OwnerID, c.PartnerID, c.GroupID, c.MeetingID, c.ChannelID, c.Text, c.Due,
		c.Acceptance, c.CreatedBy, c.CreatedAt)
	if err != nil {
		return c, fmt.Errorf("add commitment: %w", interpret(err))
	}
	return tx.Commitment(ctx, c.TeamID, id)
}

// Commitment returns one commitment; ErrNotFound when the team has no such
// commitment.
func (r reader) Commitment(ctx context.Context, teamID string, id int64) (Commitment, error) {
	var c Commitment
	err := r.q.GetContext(ctx, &c, `SELECT `+commitmentColumns+commitmentFrom+`
		WHERE c.team_id = $1 AND c.id = $2`, teamID, id)
	if err != nil {
		return c, fmt.Errorf("get commitment %d: %w", id, interpret(err))
	}
	return c, nil
}

// LockCommitment reads a commitment and locks it until the transaction
// ends, so two clicks on the same button are applied one after the other.
func (tx *Tx) LockCommitment(ctx context.Context, teamID string, id int64) (Commitment, error) {
	var c Commitment
	err := tx.tx.GetContext(ctx, &c, `SELECT `+commitmentColumns+commitmentFrom+`
		WHERE c.team_id = $1 AND c.id = $2 FOR UPDATE OF c`, teamID, id)
	if err != nil {
		return c, fmt.Errorf("lock commitment %d: %w", id, interpret(err))
	}
	return c, nil
}

// SaveCommitmentState writes a commitment's due date, status, health,
// acceptance and completion time.
func (tx *Tx) SaveCommitmentState(ctx context.Context, c Commitment, at time.Time) error {
	_, err := tx.tx.ExecContext(ctx, `
		UPDATE commitments SET due = $3, status = $4, health = $5, acceptance = $6, completed_at = $7, updated_at = $8
		WHERE team_id = $1 AND id = $2`,
		c.TeamID, c.ID, c.Due, c.Status, c.Health, c.Acceptance, c.CompletedAt, at)
	if err != nil {
		return fmt.Errorf("save commitment %d: %w", c.ID, interpret(err))
	}
	return nil
}

// CommitmentFilter narrows Commitments; nil fields do not filter.
type CommitmentFilter struct {
	OwnerID   *string
	GroupID   *int64
	MeetingID *int64
	Status    *string
	// DueBefore keeps items due strictly before this date (overdue).
	DueBefore    *time.Time
	CreatedBy    *string
	CreatedSince *time.Time
	IDs          []int64
	// NewestFirst orders by creation, newest first; otherwise by due date
	// (no date last), then creation.
	NewestFirst bool
	// Limit caps the rows returned; 0 returns all.
	Limit int
}

// commitmentWhere is the WHERE clause of Commitments and CountCommitments.
const commitmentWhere = ` WHERE c.team_id = $1
	  AND ($2::text IS NULL OR c.owner_id = $2)
	  AND ($3::bigint IS NULL OR c.group_id = $3)
	  AND ($4::bigint IS NULL OR c.meeting_id = $4)
	  AND ($5::text IS NULL OR c.status = $5)
	  AND ($6::date IS NULL OR c.due < $6)
	  AND ($7::text IS NULL OR c.created_by = $7)
	  AND ($8::timestamptz IS NULL OR c.created_at >= $8)
	  AND ($9::bigint[] IS NULL OR c.id = ANY($9)) `

func (f CommitmentFilter) args(teamID string) []any {
	var ids any
	if f.IDs != nil {
		ids = pq.Int64Array(f.IDs)
	}
	return []any{teamID, f.OwnerID, f.GroupID, f.MeetingID, f.Status, f.DueBefore, f.CreatedBy, f.CreatedSince, ids}
}

// Commitments lists the team's commitments matching f.
func (r reader) Commitments(ctx context.Context, teamID string, f CommitmentFilter) ([]Commitment, error) {
	order := ` ORDER BY c.due NULLS LAST, c.created_at, c.id`
	if f.NewestFirst {
		order = ` ORDER BY c.created_at DESC, c.id DESC`
	}
	limit := ""
	if f.Limit > 0 {
		limit = fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	var cs []Commitment
	err := r.q.SelectContext(ctx, &cs, `SELECT `+commitmentColumns+commitmentFrom+commitmentWhere+order+limit, f.args(teamID)...)
	if err != nil {
		return nil, fmt.Errorf("list commitments: %w", err)
	}
	return cs, nil
}

// CountCommitments counts the team's commitments matching f (Limit aside).
func (r reader) CountCommitments(ctx context.Context, teamID string, f CommitmentFilter) (int, error) {
	var n int
	err := r.q.GetContext(ctx, &n, `SELECT count(*)`+commitmentFrom+commitmentWhere, f.args(teamID)...)
	if err != nil {
		return 0, fmt.Errorf("count commitments: %w", err)
	}
	return n, nil
}

// CommitmentEvent is one change to a commitment.
type CommitmentEvent struct {
	ID           int64  `db:"id" json:"id"`
	TeamID       string `db:"team_id" json:"-"`
	CommitmentID int64  `db:"commitment_id" json:"commitment_id"`
	Actor        string `db:"actor" json:"actor"`
	Kind         string `db:"kind" json:"kind"`
	Note         string `db:"note" json:"note,omitempty"`
	// DueBefore and DueAfter are set when the due date changed.
	DueBefore *time.Time `db:"due_before" json:"due_before,omitempty"`
	DueAfter  *time.Time `db:"due_after" json:"due_after,omitempty"`
	At        time.Time  `db:"at" json:"at"`
}

// AddCommitmentEvent appends e to its commitment's history.
func (tx *Tx) AddCommitmentEvent(ctx context.Context, e CommitmentEvent) (CommitmentEvent, error) {
	var out CommitmentEvent
	err := tx.tx.GetContext(ctx, &out, `
		INSERT INTO commitment_events (team_id, commitment_id, actor, kind, note, due_before, due_after, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		RETURNING id, team_id, commitment_id, actor, kind, note, due_before, due_after, at`,
		e.TeamID, e.CommitmentID, e.Actor, e.Kind, e.Note, e.DueBefore, e.DueAfter, e.At)
	if err != nil {
		return out, fmt.Errorf("add %s event to commitment %d: %w", e.Kind, e.CommitmentID, interpret(err))
	}
	return out, nil
}

// CommitmentEvents returns a commitment's history, oldest first.
func (r reader) CommitmentEvents(ctx context.Context, teamID string, commitmentID int64) ([]CommitmentEvent, error) {
	var es []CommitmentEvent
	err := r.q.SelectContext(ctx, &es, `
		SELECT id, team_id, commitment_id, actor, kind, note, due_before, due_after, at
		FROM commitment_events WHERE team_id = $1 AND commitment_id = $2 ORDER BY id`, teamID, commitmentID)
	if err != nil {
		return nil, fmt.Errorf("history of commitment %d: %w", commitmentID, err)
	}
	return es, nil
}

// LinkMessage records that the message queued under dedupeKey shows these
// commitments, in this order, so replies in its thread can find them.
func (tx *Tx) LinkMessage(ctx context.Context, teamID, dedupeKey string, ids []int64) error {
	_, err := tx.tx.ExecContext(ctx, `
		INSERT INTO commitment_messages (team_id, dedupe_key, commitment_id, position)
		SELECT $1, $2, id, ord FROM unnest($3::bigint[]) WITH ORDINALITY AS u (id, ord)
		ON CONFLICT DO NOTHING`, teamID, dedupeKey, pq.Int64Array(ids))
	if err != nil {
		return fmt.Errorf("link message %s: %w", dedupeKey, interpret(err))
	}
	return nil
}

// SentMessage is a message the outbox delivered, with the commitments it
// shows.
type SentMessage struct {
	// DedupeKey is the key of the row that posted it.
	DedupeKey string `db:"dedupe_key"`
	// Payload is its latest content: the post's, or a later chat.update's.
	Payload json.RawMessage `db:"payload"`
	// CommitmentIDs are in the order the message shows them.
	CommitmentIDs pq.Int64Array `db:"commitment_ids"`
}

// SentMessageByTS finds the message the outbox posted with timestamp ts to
// one of channels (a DM is queued to a user ID, and updated through its D…
// channel); ErrNotFound when it was not sent through the outbox.
func (r reader) SentMessageByTS(ctx context.Context, teamID, ts string, channels []string) (SentMessage, error) {
	var m SentMessage
	err := r.q.GetContext(ctx, &m, `
		WITH sent AS (
			SELECT id, dedupe_key, method, payload FROM outbox
			WHERE team_id = $1 AND ts = $2 AND ts <> '' AND channel = ANY($3)
		), post AS (
			SELECT dedupe_key FROM sent WHERE method = 'chat.postMessage' ORDER BY id LIMIT 1
		)
		SELECT post.dedupe_key,
		       (SELECT payload FROM sent ORDER BY id DESC LIMIT 1) AS payload,
		       COALESCE((SELECT array_agg(cm.commitment_id ORDER BY cm.position) FROM commitment_messages cm
		                 WHERE cm.team_id = $1 AND cm.dedupe_key = post.dedupe_key), '{}') AS commitment_ids
		FROM post`, teamID, ts, pq.StringArray(channels))
	if err != nil {
		return m, fmt.Errorf("find message %s: %w", ts, interpret(err))
	}
	return m, nil
}

// OwnerAwayOn reports whether c's owner is away on day (a calendar date,
// as midnight UTC).
func (c Commitment) OwnerAwayOn(day time.Time) bool {
	return c.OwnerAwayUntil != nil && !c.OwnerAwayUntil.Before(day)
}
