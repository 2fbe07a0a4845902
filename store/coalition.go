package store

import (
	"context"
	"fmt"
	"time"
)

// Coalition is the initiative of one Slack workspace: its common agenda and
// the channels the bot posts to.
type Coalition struct {
	TeamID             string    `db:"team_id" json:"-"`
	Name               string    `db:"name" json:"name"`
	Goal               string    `db:"goal" json:"goal"`
	Timeframe          string    `db:"timeframe" json:"timeframe"`
	Geography          string    `db:"geography" json:"geography"`
	EquityFocus        string    `db:"equity_focus" json:"equity_focus"`
	Timezone           string    `db:"timezone" json:"timezone"`
	SteeringChannel    string    `db:"steering_channel" json:"steering_channel"`
	RecognitionChannel string    `db:"recognition_channel" json:"recognition_channel"`
	BackboneChannel    string    `db:"backbone_channel" json:"backbone_channel"`
	UpdatedAt          time.Time `db:"updated_at" json:"-"`
}

// Coalition returns the team's coalition; ErrNotFound before its setup.
func (r reader) Coalition(ctx context.Context, teamID string) (Coalition, error) {
	var c Coalition
	err := r.q.GetContext(ctx, &c, `
		SELECT team_id, name, goal, timeframe, geography, equity_focus, timezone,
		       steering_channel, recognition_channel, backbone_channel, updated_at
		FROM coalitions WHERE team_id = $1`, teamID)
	if err != nil {
		return Coalition{TeamID: teamID, Timezone: "UTC"}, fmt.Errorf("get coalition %s: %w", teamID, interpret(err))
	}
	return c, nil
}

// SaveCoalition creates or replaces the team's coalition settings.
func (tx *Tx) SaveCoalition(ctx context.Context, c Coalition) error {
	_, err := tx.tx.NamedExecContext(ctx, `
		INSERT INTO coalitions (team_id, name, goal, timeframe, geography, equity_focus, timezone,
		                        steering_channel, recognition_channel, backbone_channel)
		VALUES (:team_id, :name, :goal, :timeframe, :geography, :equity_focus, :timezone,
		        :steering_channel, :recognition_channel, :backbone_channel)
		ON CONFLICT (team_id) DO UPDATE SET
			name = EXCLUDED.name, goal = EXCLUDED.goal, timeframe = EXCLUDED.timeframe,
			geography = EXCLUDED.geography, equity_focus = EXCLUDED.equity_focus,
			timezone = EXCLUDED.timezone, steering_channel = EXCLUDED.steering_channel,
			recognition_channel = EXCLUDED.recognition_channel,
			backbone_channel = EXCLUDED.backbone_channel, updated_at = now()`, c)
	if err != nil {
		return fmt.Errorf("save coalition %s: %w", c.TeamID, interpret(err))
	}
	return nil
}
