package store

import (
	"context"
	"fmt"
)

// Sectors lists the sectors a partner organization can belong to.
func Sectors() []string {
	return []string{"nonprofit", "government", "business", "philanthropy", "education", "health", "community", "other"}
}

// Partner is a member organization of the coalition.
type Partner struct {
	ID       int64  `db:"id" json:"id"`
	TeamID   string `db:"team_id" json:"-"`
	Name     string `db:"name" json:"name"`
	Sector   string `db:"sector" json:"sector"`
	Archived bool   `db:"archived" json:"archived"`
	// ShortName is an abbreviation ("GPS"); "" when it has none.
	ShortName string `db:"short_name" json:"short_name,omitempty"`
	// People counts the members who belong to the partner (list queries only).
	People int `db:"people" json:"-"`
}

const partnerColumns = `p.id, p.team_id, p.name, p.sector, p.archived, p.short_name`

// AddPartner creates a partner; ErrConflict when the name is taken
// (whatever its case, archived partners included).
func (tx *Tx) AddPartner(ctx context.Context, teamID, name, sector string) (Partner, error) {
	var p Partner
	err := tx.tx.GetContext(ctx, &p, `
		INSERT INTO partners AS p (team_id, name, sector) VALUES ($1, $2, $3)
		RETURNING `+partnerColumns, teamID, name, sector)
	if err != nil {
		return p, fmt.Errorf("add partner: %w", interpret(err))
	}
	return p, nil
}

// RenamePartner renames partner id; ErrConflict when the name is taken.
func (tx *Tx) RenamePartner(ctx context.Context, id int64, name string) error {
	if _, err := tx.tx.ExecContext(ctx, `UPDATE partners SET name = $2 WHERE id = $1`, id, name); err != nil {
		return fmt.Errorf("rename partner %d: %w", id, interpret(err))
	}
	return nil
}

// ArchivePartner hides a partner from lists and pickers; its history stays.
func (tx *Tx) ArchivePartner(ctx context.Context, id int64) error {
	if _, err := tx.tx.ExecContext(ctx, `UPDATE partners SET archived = true WHERE id = $1`, id); err != nil {
		return fmt.Errorf("archive partner %d: %w", id, err)
	}
	return nil
}

// PartnerByName finds a partner by name, ignoring case.
func (r reader) PartnerByName(ctx context.Context, teamID, name string) (Partner, error) {
	var p Partner
	err := r.q.GetContext(ctx, &p, `
		SELECT `+partnerColumns+` FROM partners p WHERE p.team_id = $1 AND lower(p.name) = lower($2)`, teamID, name)
	if err != nil {
		return p, fmt.Errorf("find partner %q: %w", name, interpret(err))
	}
	return p, nil
}

// Partners lists the team's active partners by name, with their head count.
func (r reader) Partners(ctx context.Context, teamID string) ([]Partner, error) {
	var ps []Partner
	err := r.q.SelectContext(ctx, &ps, `
		SELECT `+partnerColumns+`, count(m.user_id) AS people
		FROM partners p LEFT JOIN members m ON m.partner_id = p.id AND NOT m.deleted
		WHERE p.team_id = $1 AND NOT p.archived
		GROUP BY p.id ORDER BY lower(p.name)`, teamID)
	if err != nil {
		return nil, fmt.Errorf("list partners: %w", err)
	}
	return ps, nil
}

// PartnerByID returns one of the team's partners.
func (r reader) PartnerByID(ctx context.Context, teamID string, id int64) (Partner, error) {
	var p Partner
	err := r.q.GetContext(ctx, &p, `SELECT `+partnerColumns+` FROM partners p WHERE p.team_id = $1 AND p.id = $2`, teamID, id)
	if err != nil {
		return p, fmt.Errorf("get partner %d: %w", id, interpret(err))
	}
	return p, nil
}
