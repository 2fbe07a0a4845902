package store

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"github.com/backbone-coalition/backbone/measure"
	"github.com/lib/pq"
)

// Dimension is a way to disaggregate an indicator, with its allowed values.
type Dimension struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// Dimensions is an indicator's dimensions, stored as JSON.
type Dimensions []Dimension

// Value encodes the dimensions for the database.
func (d Dimensions) Value() (driver.Value, error) {
	if d == nil {
		d = Dimensions{}
	}
	b, err := json.Marshal(d)
	return string(b), err
}

// Scan decodes the dimensions from the database.
func (d *Dimensions) Scan(src any) error {
	switch v := src.(type) {
	case []byte:
		return json.Unmarshal(v, d)
	case string:
		return json.Unmarshal([]byte(v), d)
	case nil:
		*d = nil
		return nil
	}
	return fmt.Errorf("scan dimensions: unexpected %T", src)
}

// IndicatorDef is one version of an indicator's agreed definition; its
// unit, direction, cadence and method of combining partners' values are
// measure's typed values, stored as their text.
type IndicatorDef struct {
	Version        int               `db:"version" json:"version"`
	Name           string            `db:"name" json:"name"`
	Definition     string            `db:"definition" json:"definition"`
	Unit           measure.Unit      `db:"unit" json:"unit"`
	Direction      measure.Direction `db:"direction" json:"direction"`
	Cadence        measure.Cadence   `db:"cadence" json:"cadence"`
	BaselineValue  *float64          `db:"baseline_value" json:"baseline_value"`
	BaselinePeriod string            `db:"baseline_period" json:"baseline_period"`
	TargetValue    *float64          `db:"target_value" json:"target_value"`
	TargetPeriod   string            `db:"target_period" json:"target_period"`
	Combine        measure.Method    `db:"combine" json:"combine"`
	GroupID        *int64            `db:"group_id" json:"group_id"`
	Dimensions     Dimensions        `db:"dimensions" json:"dimensions"`
	ChangedBy      string            `db:"changed_by" json:"changed_by"`
	ChangedAt      time.Time         `db:"changed_at" json:"-"`
}

// Indicator is a shared measure with the definition in force.
type Indicator struct {
	ID       int64  `db:"id" json:"id"`
	TeamID   string `db:"team_id" json:"-"`
	Key      string `db:"key" json:"key"`
	Archived bool   `db:"archived" json:"archived"`
	// Public indicators show on the scorecard's /public pages.
	Public bool `db:"public" json:"public"`
	// Story is the story behind the curve, written by staff.
	Story string `db:"story" json:"-"`
	IndicatorDef
	// GroupName is the working group's name, "" when none.
	GroupName string `db:"group_name" json:"-"`
	// PartnerIDs are the partners expected to report it, in ID order.
	PartnerIDs pq.Int64Array `db:"partner_ids" json:"partner_ids"`
}

// Reports reports whether partner p is expected to report the indicator.
func (i Indicator) Reports(p int64) bool {
	for _, id := range i.PartnerIDs {
		if id == p {
			return true
		}
	}
	return false
}

const indicatorColumns = `i.id, i.team_id, i.key, i.archived, i.public, i.story, v.version, v.name, v.definition, v.unit,
	v.direction, v.cadence, v.baseline_value, v.baseline_period, v.target_value, v.target_period,
	v.combine, v.group_id, v.dimensions, v.changed_by, v.changed_at, COALESCE(g.name, '') AS group_name,
	ARRAY(SELECT ip.partner_id FROM indicator_partners ip WHERE ip.indicator_id = i.id ORDER BY ip.partner_id) AS partner_ids`

const indicatorFrom = ` FROM indicators i
	JOIN indicator_versions v ON v.indicator_id = i.id AND v.version = i.version
	LEFT JOIN working_groups g ON g.id = v.group_id `

// AddIndicator creates an indicator with its first definition and its
// reporting partners, assigned from def.ChangedAt (the database's clock
// when zero); ErrConflict when the key is taken.
func (tx *Tx) AddIndicator(ctx context.Context, teamID, key string, def IndicatorDef, partnerIDs []int64) (Indicator, error) {
	var id int64
	err := tx.tx.GetContext(ctx, &id, `INSERT INTO indicators (team_id, key) VALUES ($1, $2) RETURNING id`, teamID, key)
	if err != nil {
		return Indicator{}, fmt.Errorf("add indicator %s: %w", key, interpret(err))
	}
	def.Version = 1
	if err := tx.addVersion(ctx, teamID, id, def); err != nil {
		return Indicator{}, err
	}
	if err := tx.setIndicatorPartners(ctx, teamID, id, partnerIDs, def.ChangedAt); err != nil {
		return Indicator{}, err
	}
	return tx.IndicatorByKey(ctx, teamID, key)
}

// UpdateIndicator puts a new version of the definition in force and
// replaces the reporting partners as of def.ChangedAt; earlier versions
// and the assignments' history stay.
func (tx *Tx) UpdateIndicator(ctx context.Context, ind Indicator, def IndicatorDef, partnerIDs []int64) (Indicator, error) {
	err := tx.tx.GetContext(ctx, &def.Version, `
		UPDATE indicators SET version = version + 1 WHERE id = $1 RETURNING version`, ind.ID)
	if err != nil {
		return Indicator{}, fmt.Errorf("update indicator %s: %w", ind.Key, interpret(err))
	}
	if err := tx.addVersion(ctx, ind.TeamID, ind.ID, def); err != nil {
		return Indicator{}, err
	}
	if err := tx.setIndicatorPartners(ctx, ind.TeamID, ind.ID, partnerIDs, def.ChangedAt); err != nil {
		return Indicator{}, err
	}
	return tx.IndicatorByKey(ctx, ind.TeamID, ind.Key)
}

func (tx *Tx) addVersion(ctx context.Context, teamID string, id int64, def IndicatorDef) error {
	_, err := tx.tx.ExecContext(ctx, `
		INSERT INTO indicator_versions (indicator_id, version, team_id, name, definition, unit, direction, cadence,
			baseline_value, baseline_period, target_value, target_period, combine, group_id, dimensions, changed_by, changed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, COALESCE($17, now()))`,
		id, def.Version, teamID, def.Name, def.Definition, def.Unit, def.Direction, def.Cadence,
		def.BaselineValue, def.BaselinePeriod, def.TargetValue, def.TargetPeriod, def.Combine, def.GroupID,
		def.Dimensions, def.ChangedBy, orNow(def.ChangedAt))
	if err != nil {
		return fmt.Errorf("add version %d of indicator %d: %w", def.Version, id, interpret(err))
	}
	return nil
}

// setIndicatorPartners makes partnerIDs the indicator's reporting
// partners as of at: the assignments of partners left out end then, and
// new partners' begin then.
func (tx *Tx) setIndicatorPartners(ctx context.Context, teamID string, id int64, partnerIDs []int64, at time.Time) error {
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM indicator_partners WHERE indicator_id = $1`, id); err != nil {
		return fmt.Errorf("clear partners of indicator %d: %w", id, err)
	}
	_, err := tx.tx.ExecContext(ctx, `
		INSERT INTO indicator_partners (indicator_id, partner_id, team_id)
		SELECT $1, p.id, p.team_id FROM partners p WHERE p.team_id = $2 AND p.id = ANY($3)`,
		id, teamID, pq.Array(partnerIDs))
	if err != nil {
		return fmt.Errorf("set partners of indicator %d: %w", id, err)
	}
	_, err = tx.tx.ExecContext(ctx, `
		WITH closed AS (
			UPDATE indicator_assignments SET assigned_until = GREATEST(assigned_from, COALESCE($3, now()))
			WHERE indicator_id = $1 AND assigned_until IS NULL
			  AND partner_id NOT IN (SELECT partner_id FROM indicator_partners WHERE indicator_id = $1))
		INSERT INTO indicator_assignments (team_id, indicator_id, partner_id, assigned_from)
		SELECT $2, $1, ip.partner_id, COALESCE($3, now()) FROM indicator_partners ip
		WHERE ip.indicator_id = $1 AND NOT EXISTS (SELECT 1 FROM indicator_assignments a
			WHERE a.indicator_id = $1 AND a.partner_id = ip.partner_id AND a.assigned_until IS NULL)`,
		id, teamID, orNow(at))
	if err != nil {
		return fmt.Errorf("record the partners' assignments of indicator %d: %w", id, err)
	}
	return nil
}

// orNow is t for a query's COALESCE($n, now()): nil when t is zero.
func orNow(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// ArchiveIndicator retires an indicator: it leaves lists, forms and
// prompts; its reports stay.
func (tx *Tx) ArchiveIndicator(ctx context.Context, id int64) error {
	if _, err := tx.tx.ExecContext(ctx, `UPDATE indicators SET archived = true WHERE id = $1`, id); err != nil {
		return fmt.Errorf("archive indicator %d: %w", id, err)
	}
	return nil
}

// LockIndicator returns the indicator with its definition in force and
// holds it until the transaction ends, so that reports and edits of one
// indicator happen one at a time.
func (tx *Tx) LockIndicator(ctx context.Context, teamID string, id int64) (Indicator, error) {
	var ind Indicator
	err := tx.tx.GetContext(ctx, &ind, `SELECT `+indicatorColumns+indicatorFrom+`
		WHERE i.team_id = $1 AND i.id = $2 FOR UPDATE OF i`, teamID, id)
	if err != nil {
		return ind, fmt.Errorf("lock indicator %d: %w", id, interpret(err))
	}
	return ind, nil
}

// IndicatorByKey finds an indicator, archived or not, by its key.
func (r reader) IndicatorByKey(ctx context.Context, teamID, key string) (Indicator, error) {
	var ind Indicator
	err := r.q.GetContext(ctx, &ind, `SELECT `+indicatorColumns+indicatorFrom+`
		WHERE i.team_id = $1 AND i.key = lower($2)`, teamID, key)
	if err != nil {
		return ind, fmt.Errorf("find indicator %q: %w", key, interpret(err))
	}
	return ind, nil
}

// IndicatorFilter narrows Indicators; nil fields do not filter.
type IndicatorFilter struct {
	// PartnerID keeps the indicators this partner reports.
	PartnerID *int64
	// IDs keeps these indicators.
	IDs []int64
}

// Indicators lists the team's active indicators by name.
func (r reader) Indicators(ctx context.Context, teamID string, f IndicatorFilter) ([]Indicator, error) {
	var inds []Indicator
	err := r.q.SelectContext(ctx, &inds, `SELECT `+indicatorColumns+indicatorFrom+`
		WHERE i.team_id = $1 AND NOT i.archived
		  AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM indicator_partners ip WHERE ip.indicator_id = i.id AND ip.partner_id = $2))
		  AND ($3::bigint[] IS NULL OR i.id = ANY($3))
		ORDER BY lower(v.name), i.key`, teamID, f.PartnerID, nullableArray(f.IDs))
	if err != nil {
		return nil, fmt.Errorf("list indicators: %w", err)
	}
	return inds, nil
}

func nullableArray(ids []int64) any {
	if ids == nil {
		return nil
	}
	return pq.Array(ids)
}

// IndicatorVersions lists every definition an indicator has had, oldest
// first.
func (r reader) IndicatorVersions(ctx context.Context, indicatorID int64) ([]IndicatorDef, error) {
	var defs []IndicatorDef
	err := r.q.SelectContext(ctx, &defs, `
		SELECT version, name, definition, unit, direction, cadence, baseline_value, baseline_period,
		       target_value, target_period, combine, group_id, dimensions, changed_by, changed_at
		FROM indicator_versions WHERE indicator_id = $1 ORDER BY version`, indicatorID)
	if err != nil {
		return nil, fmt.Errorf("list versions of indicator %d: %w", indicatorID, err)
	}
	return defs, nil
}

// IndicatorKeys lists the keys of the team's indicators, archived ones
// included (a key is never reused).
func (r reader) IndicatorKeys(ctx context.Context, teamID string) ([]string, error) {
	var keys []string
	if err := r.q.SelectContext(ctx, &keys, `SELECT key FROM indicators WHERE team_id = $1 ORDER BY key`, teamID); err != nil {
		return nil, fmt.Errorf("list indicator keys: %w", err)
	}
	return keys, nil
}
