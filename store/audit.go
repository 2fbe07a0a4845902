package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// AuditEntry is one change: who did what to which entity, before and after.
type AuditEntry struct {
	ID       int64  `db:"id"`
	TeamID   string `db:"team_id"`
	Actor    string `db:"actor"`
	Action   string `db:"action"`
	Entity   string `db:"entity"`
	EntityID string `db:"entity_id"`
	// Before and After are JSON documents; nil for a creation or deletion.
	Before []byte    `db:"before"`
	After  []byte    `db:"after"`
	At     time.Time `db:"at"`
}

// Change describes a change to audit; Before and After are encoded as JSON.
type Change struct {
	TeamID, Actor, Action, Entity, EntityID string
	Before, After                           any
}

// Audit appends an entry for c, inside the transaction making the change.
func (tx *Tx) Audit(ctx context.Context, c Change) error {
	before, err := jsonOrNull(c.Before)
	if err != nil {
		return fmt.Errorf("audit %s: %w", c.Action, err)
	}
	after, err := jsonOrNull(c.After)
	if err != nil {
		return fmt.Errorf("audit %s: %w", c.Action, err)
	}
	_, err = tx.tx.ExecContext(ctx, `
		INSERT INTO audit_log (team_id, actor, action, entity, entity_id, before, after)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		c.TeamID, c.Actor, c.Action, c.Entity, c.EntityID, before, after)
	if err != nil {
		return fmt.Errorf("audit %s: %w", c.Action, err)
	}
	return nil
}

func jsonOrNull(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// AuditLog returns the team's newest entries, newest first.
func (r reader) AuditLog(ctx context.Context, teamID string, limit int) ([]AuditEntry, error) {
	var es []AuditEntry
	err := r.q.SelectContext(ctx, &es, `
		SELECT id, team_id, actor, action, entity, entity_id, before, after, at
		FROM audit_log WHERE team_id = $1 ORDER BY id DESC LIMIT $2`, teamID, limit)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return es, nil
}
