package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// OwedIndicators lists the active indicators partnerID reports that still
// lack its total for the period owed, by name. owed maps each cadence to
// its period owed ("quarterly" → "2026-Q3"); an indicator whose cadence
// is missing from it counts as owed.
func (r reader) OwedIndicators(ctx context.Context, teamID string, partnerID int64, owed map[string]string) ([]Indicator, error) {
	periods, err := json.Marshal(owed)
	if err != nil {
		return nil, fmt.Errorf("encode periods owed: %w", err)
	}
	var inds []Indicator
	err = r.q.SelectContext(ctx, &inds, `SELECT `+indicatorColumns+indicatorFrom+`
		WHERE i.team_id = $1 AND NOT i.archived
		  AND EXISTS (SELECT 1 FROM indicator_partners ip WHERE ip.indicator_id = i.id AND ip.partner_id = $2)
		  AND NOT EXISTS (SELECT 1 FROM reports rp
		                  WHERE rp.indicator_id = i.id AND rp.partner_id = $2 AND rp.segment = ''
		                    AND rp.period = $3::jsonb ->> v.cadence)
		ORDER BY lower(v.name), i.key`, teamID, partnerID, string(periods))
	if err != nil {
		return nil, fmt.Errorf("list indicators owed by partner %d: %w", partnerID, err)
	}
	return inds, nil
}

// ShoutoutsTo lists the latest shout-outs crediting userID made since
// since, newest first, at most limit.
func (r reader) ShoutoutsTo(ctx context.Context, teamID, userID string, since time.Time, limit int) ([]Shoutout, error) {
	var ss []Shoutout
	err := r.q.SelectContext(ctx, &ss, `SELECT `+shoutoutColumns+` FROM shoutouts s
		WHERE s.team_id = $1 AND s.created_at >= $3
		  AND EXISTS (SELECT 1 FROM shoutout_credits c WHERE c.shoutout_id = s.id AND c.team_id = $1 AND c.user_id = $2)
		ORDER BY s.created_at DESC, s.id DESC LIMIT $4`, teamID, userID, since, limit)
	if err != nil {
		return nil, fmt.Errorf("list shoutouts to %s: %w", userID, err)
	}
	return ss, nil
}
