package store

import (
	"context"
	"fmt"
	"time"
)

// WebSession is a signed-in browser of the scorecard.
type WebSession struct {
	TeamID    string    `db:"team_id"`
	UserID    string    `db:"user_id"`
	CSRF      string    `db:"csrf"`
	ExpiresAt time.Time `db:"expires_at"`
}

// UseWebLink records the one use of the sign-in link nonce and starts the
// session it opens, in one transaction; ErrConflict when the link was used
// before.
func (tx *Tx) UseWebLink(ctx context.Context, nonce string, linkExpires time.Time, tokenHash string, s WebSession) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO web_links_used (nonce, team_id, user_id, expires_at) VALUES ($1, $2, $3, $4)`,
		nonce, s.TeamID, s.UserID, linkExpires)
	if err != nil {
		return fmt.Errorf("use sign-in link: %w", interpret(err))
	}
	_, err = tx.tx.ExecContext(ctx, `INSERT INTO web_sessions (token_hash, team_id, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		tokenHash, s.TeamID, s.UserID, s.CSRF, s.ExpiresAt)
	if err != nil {
		return fmt.Errorf("start web session: %w", interpret(err))
	}
	return nil
}

// WebSession returns the session whose token hashes to tokenHash, while
// it lasts at now; ErrNotFound otherwise.
func (r reader) WebSession(ctx context.Context, tokenHash string, now time.Time) (WebSession, error) {
	var s WebSession
	err := r.q.GetContext(ctx, &s, `SELECT team_id, user_id, csrf, expires_at FROM web_sessions
		WHERE token_hash = $1 AND expires_at > $2`, tokenHash, now)
	if err != nil {
		return WebSession{}, fmt.Errorf("read web session: %w", interpret(err))
	}
	return s, nil
}

// EndWebSession signs a browser out.
func (s *Store) EndWebSession(ctx context.Context, tokenHash string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM web_sessions WHERE token_hash = $1`, tokenHash)
	if err != nil {
		return fmt.Errorf("end web session: %w", err)
	}
	return nil
}

// SetIndicatorPublic shows or hides an indicator on the public scorecard.
func (tx *Tx) SetIndicatorPublic(ctx context.Context, id int64, public bool) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE indicators SET public = $2 WHERE id = $1`, id, public)
	if err != nil {
		return fmt.Errorf("set indicator public: %w", err)
	}
	return nil
}

// SetIndicatorStory saves the story behind an indicator's curve.
func (tx *Tx) SetIndicatorStory(ctx context.Context, id int64, story, by string) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE indicators SET story = $2, story_by = $3, story_at = now() WHERE id = $1`, id, story, by)
	if err != nil {
		return fmt.Errorf("set indicator story: %w", err)
	}
	return nil
}

// SetCommitmentIndicator links a commitment to the indicator it serves.
func (tx *Tx) SetCommitmentIndicator(ctx context.Context, commitmentID, indicatorID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE commitments SET indicator_id = $2 WHERE id = $1`, commitmentID, indicatorID)
	if err != nil {
		return fmt.Errorf("link commitment to indicator: %w", err)
	}
	return nil
}

// IndicatorCommitments are the commitments that name the indicator, open
// ones first, then the newest.
func (r reader) IndicatorCommitments(ctx context.Context, teamID string, indicatorID int64) ([]Commitment, error) {
	var cs []Commitment
	err := r.q.SelectContext(ctx, &cs, `SELECT `+commitmentColumns+commitmentFrom+`
		WHERE c.team_id = $1 AND c.indicator_id = $2
		ORDER BY c.status <> 'open', c.due NULLS LAST, c.created_at DESC, c.id DESC LIMIT 50`, teamID, indicatorID)
	if err != nil {
		return nil, fmt.Errorf("list indicator commitments: %w", err)
	}
	return cs, nil
}

// PublicTeams are the teams with a public indicator.
func (r reader) PublicTeams(ctx context.Context) ([]string, error) {
	var teams []string
	err := r.q.SelectContext(ctx, &teams, `SELECT DISTINCT team_id FROM indicators WHERE public AND NOT archived ORDER BY team_id`)
	if err != nil {
		return nil, fmt.Errorf("list public teams: %w", err)
	}
	return teams, nil
}
