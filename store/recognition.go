package store

import (
	"context"
	"fmt"
	"time"
)

// FirstReport is when a partner first reported a total of an indicator for
// one period, and who did: corrections come later and never change it.
type FirstReport struct {
	Period     string    `db:"period"`
	ReportedBy string    `db:"reported_by"`
	ReportedAt time.Time `db:"reported_at"`
}

// FirstReports lists, period by period (oldest first), the first revision
// of each total the partner has reported for the indicator: what decides
// whether it came in on time.
func (r reader) FirstReports(ctx context.Context, teamID string, indicatorID, partnerID int64) ([]FirstReport, error) {
	var rs []FirstReport
	err := r.q.SelectContext(ctx, &rs, `
		SELECT period, reported_by, reported_at FROM reports
		WHERE team_id = $1 AND indicator_id = $2 AND partner_id = $3 AND segment = '' AND revision = 1
		ORDER BY period_start, period`, teamID, indicatorID, partnerID)
	if err != nil {
		return nil, fmt.Errorf("list first reports of indicator %d: %w", indicatorID, err)
	}
	return rs, nil
}
