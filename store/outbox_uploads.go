package store

import (
	"context"
	"fmt"
)

// Steps of a files.uploadV2 row, as recorded in outbox_uploads.
const (
	// UploadReserved: Slack gave a file ID and an upload URL.
	UploadReserved = "reserved"
	// UploadUploaded: the bytes are at Slack; the share may or may not
	// have happened.
	UploadUploaded = "uploaded"
)

// OutboxUpload is how far an upload row got through Slack's upload flow.
type OutboxUpload struct {
	OutboxID int64  `db:"outbox_id"`
	TeamID   string `db:"team_id"`
	FileID   string `db:"file_id"`
	// UploadURL is a one-time address to send the bytes to: never log it.
	UploadURL string `db:"upload_url"`
	Step      string `db:"step"`
}

// OutboxUpload returns the upload state of outbox row id; ErrNotFound when
// the upload has not started (or starts over).
func (s *Store) OutboxUpload(ctx context.Context, id int64) (OutboxUpload, error) {
	var u OutboxUpload
	err := s.db.GetContext(ctx, &u, `
		SELECT outbox_id, team_id, file_id, upload_url, step
		FROM outbox_uploads WHERE outbox_id = $1`, id)
	if err != nil {
		return u, fmt.Errorf("get upload of outbox row %d: %w", id, interpret(err))
	}
	return u, nil
}

// SaveOutboxUpload records the upload state of its outbox row.
func (s *Store) SaveOutboxUpload(ctx context.Context, u OutboxUpload) error {
	_, err := s.db.NamedExecContext(ctx, `
		INSERT INTO outbox_uploads (outbox_id, team_id, file_id, upload_url, step)
		VALUES (:outbox_id, :team_id, :file_id, :upload_url, :step)
		ON CONFLICT (outbox_id) DO UPDATE
		SET file_id = EXCLUDED.file_id, upload_url = EXCLUDED.upload_url, step = EXCLUDED.step, updated_at = now()`, u)
	if err != nil {
		return fmt.Errorf("save upload of outbox row %d: %w", u.OutboxID, err)
	}
	return nil
}

// ForgetOutboxUpload drops the upload state of outbox row id, so that the
// next attempt starts over with a new file. The file of the forgotten
// attempt was never shared, and Slack discards it.
func (s *Store) ForgetOutboxUpload(ctx context.Context, id int64) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM outbox_uploads WHERE outbox_id = $1`, id); err != nil {
		return fmt.Errorf("forget upload of outbox row %d: %w", id, err)
	}
	return nil
}
