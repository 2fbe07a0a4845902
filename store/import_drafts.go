package store

import (
	"context"
	"fmt"
	"time"
)

// ImportDraft is a previewed file waiting for staff to press Import.
type ImportDraft struct {
	ID        int64      `db:"id"`
	TeamID    string     `db:"team_id"`
	UserID    string     `db:"user_id"`
	Kind      string     `db:"kind"`
	Filename  string     `db:"filename"`
	Content   []byte     `db:"content"`
	AppliedAt *time.Time `db:"applied_at"`
	CreatedAt time.Time  `db:"created_at"`
}

// SaveImportDraft keeps a previewed file and returns its ID.
func (tx *Tx) SaveImportDraft(ctx context.Context, d ImportDraft) (int64, error) {
	var id int64
	err := tx.tx.GetContext(ctx, &id, `INSERT INTO import_drafts (team_id, user_id, kind, filename, content)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, d.TeamID, d.UserID, d.Kind, d.Filename, d.Content)
	if err != nil {
		return 0, fmt.Errorf("save import draft: %w", err)
	}
	return id, nil
}

// ImportDraft returns one of the team's drafts.
func (r reader) ImportDraft(ctx context.Context, teamID string, id int64) (ImportDraft, error) {
	var d ImportDraft
	err := r.q.GetContext(ctx, &d, `SELECT id, team_id, user_id, kind, filename, content, applied_at, created_at
		FROM import_drafts WHERE team_id = $1 AND id = $2`, teamID, id)
	if err != nil {
		return d, fmt.Errorf("get import draft %d: %w", id, interpret(err))
	}
	return d, nil
}

// ClaimImportDraft marks a draft applied, in the import's transaction; it
// reports false when it already was (a second click), changing nothing.
func (tx *Tx) ClaimImportDraft(ctx context.Context, teamID string, id int64, at time.Time) (bool, error) {
	return tx.changed(ctx, fmt.Sprintf("claim import draft %d", id),
		`UPDATE import_drafts SET applied_at = $3 WHERE team_id = $1 AND id = $2 AND applied_at IS NULL`, teamID, id, at)
}

// DeleteImportDrafts removes the team's drafts created before cutoff
// (files people shared are not kept longer than needed); it returns how
// many.
func (s *Store) DeleteImportDrafts(ctx context.Context, teamID string, cutoff time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM import_drafts WHERE team_id = $1 AND created_at < $2`, teamID, cutoff)
	if err != nil {
		return 0, fmt.Errorf("delete old import drafts: %w", err)
	}
	return res.RowsAffected()
}
