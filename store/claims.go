package store

import (
	"context"
	"fmt"
	"time"
)

// Partner claim statuses.
const (
	ClaimPending    = "pending"
	ClaimConfirmed  = "confirmed"
	ClaimRejected   = "rejected"
	ClaimSuperseded = "superseded"
)

// PartnerClaim is a member's own claim to be with a partner, and who
// decided it.
type PartnerClaim struct {
	ID          int64     `db:"id" json:"id"`
	TeamID      string    `db:"team_id" json:"-"`
	UserID      string    `db:"user_id" json:"user_id"`
	DisplayName string    `db:"display_name" json:"-"`
	PartnerID   int64     `db:"partner_id" json:"partner_id"`
	PartnerName string    `db:"partner_name" json:"partner"`
	Status      string    `db:"status" json:"status"`
	RequestedAt time.Time `db:"requested_at" json:"requested_at"`
	// DecidedBy is who confirmed or refused it ("" while pending).
	DecidedBy string     `db:"decided_by" json:"decided_by,omitempty"`
	DecidedAt *time.Time `db:"decided_at" json:"decided_at,omitempty"`
}

const claimColumns = `c.id, c.team_id, c.user_id, COALESCE(m.display_name, '') AS display_name, c.partner_id,
	p.name AS partner_name, c.status, c.requested_at, c.decided_by, c.decided_at`

const claimFrom = ` FROM partner_claims c JOIN partners p ON p.id = c.partner_id
	LEFT JOIN members m ON m.team_id = c.team_id AND m.user_id = c.user_id `

// AddPartnerClaim records that userID says they are with partnerID; the
// claim waits for a decision. ErrConflict when one already waits.
func (tx *Tx) AddPartnerClaim(ctx context.Context, teamID, userID string, partnerID int64) (PartnerClaim, error) {
	var id int64
	err := tx.tx.GetContext(ctx, &id, `INSERT INTO partner_claims (team_id, user_id, partner_id)
		VALUES ($1, $2, $3) RETURNING id`, teamID, userID, partnerID)
	if err != nil {
		return PartnerClaim{}, fmt.Errorf("add claim of %s: %w", userID, interpret(err))
	}
	return tx.PartnerClaim(ctx, teamID, id)
}

// PartnerClaim returns one claim; ErrNotFound when the team has no such claim.
func (r reader) PartnerClaim(ctx context.Context, teamID string, id int64) (PartnerClaim, error) {
	var c PartnerClaim
	err := r.q.GetContext(ctx, &c, `SELECT `+claimColumns+claimFrom+`WHERE c.team_id = $1 AND c.id = $2`, teamID, id)
	if err != nil {
		return c, fmt.Errorf("get claim %d: %w", id, interpret(err))
	}
	return c, nil
}

// PendingClaims lists the team's claims waiting for a decision, oldest
// first.
func (r reader) PendingClaims(ctx context.Context, teamID string) ([]PartnerClaim, error) {
	var cs []PartnerClaim
	err := r.q.SelectContext(ctx, &cs, `SELECT `+claimColumns+claimFrom+`
		WHERE c.team_id = $1 AND c.status = 'pending' ORDER BY c.requested_at, c.id`, teamID)
	if err != nil {
		return nil, fmt.Errorf("list pending claims: %w", err)
	}
	return cs, nil
}

// DecidePartnerClaim records status (confirmed or rejected) and who
// decided, if the claim still waits. It reports false, changing nothing,
// when the claim was decided before: of concurrent decisions, the first
// wins.
func (tx *Tx) DecidePartnerClaim(ctx context.Context, teamID string, id int64, status, by string) (bool, error) {
	return tx.changed(ctx, fmt.Sprintf("decide claim %d", id), `UPDATE partner_claims
		SET status = $3, decided_by = $4, decided_at = now()
		WHERE team_id = $1 AND id = $2 AND status = 'pending'`, teamID, id, status, by)
}

// SupersedeClaims closes the member's waiting claim, if any, when staff set
// their partner themselves: confirmed when staff chose the claimed partner,
// superseded otherwise.
func (tx *Tx) SupersedeClaims(ctx context.Context, teamID, userID string, partnerID *int64, by string) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE partner_claims
		SET status = CASE WHEN partner_id = $3 THEN 'confirmed' ELSE 'superseded' END, decided_by = $4, decided_at = now()
		WHERE team_id = $1 AND user_id = $2 AND status = 'pending'`, teamID, userID, partnerID, by)
	if err != nil {
		return fmt.Errorf("close claims of %s: %w", userID, err)
	}
	return nil
}
