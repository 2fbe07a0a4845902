package store

import (
	"context"
	"fmt"
	"time"
)

// Installation is a workspace Backbone was added to with "Add to Slack".
// BotToken is sealed (package secret): store never sees a token in clear.
type Installation struct {
	TeamID        string     `db:"team_id"`
	EnterpriseID  string     `db:"enterprise_id"`
	TeamName      string     `db:"team_name"`
	BotUserID     string     `db:"bot_user_id"`
	BotToken      []byte     `db:"bot_token"`
	KeyID         string     `db:"key_id"`
	Scopes        string     `db:"scopes"`
	InstallerID   string     `db:"installer_id"`
	InstalledAt   time.Time  `db:"installed_at"`
	UpdatedAt     time.Time  `db:"updated_at"`
	UninstalledAt *time.Time `db:"uninstalled_at"`
}

const installationColumns = `team_id, enterprise_id, team_name, bot_user_id, bot_token, key_id, scopes,
	installer_id, installed_at, updated_at, uninstalled_at`

// SaveInstallation records an install, or a reinstall (new scopes, a new
// token, an uninstall undone), keeping the first installed_at.
func (tx *Tx) SaveInstallation(ctx context.Context, in Installation, now time.Time) error {
	_, err := tx.tx.ExecContext(ctx, `
		INSERT INTO installations (team_id, enterprise_id, team_name, bot_user_id, bot_token, key_id, scopes, installer_id, installed_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
		ON CONFLICT (team_id) DO UPDATE SET enterprise_id = $2, team_name = $3, bot_user_id = $4, bot_token = $5,
			key_id = $6, scopes = $7, installer_id = $8, updated_at = $9, uninstalled_at = NULL`,
		in.TeamID, in.EnterpriseID, in.TeamName, in.BotUserID, in.BotToken, in.KeyID, in.Scopes, in.InstallerID, now)
	if err != nil {
		// The arguments hold the sealed token: never put them in the error.
		return fmt.Errorf("save installation of %s: %w", in.TeamID, interpret(err))
	}
	return nil
}

// Installation returns a team's installation, uninstalled or not.
func (r reader) Installation(ctx context.Context, teamID string) (Installation, error) {
	var in Installation
	err := r.q.GetContext(ctx, &in, `SELECT `+installationColumns+` FROM installations WHERE team_id = $1`, teamID)
	if err != nil {
		return in, fmt.Errorf("get installation of %s: %w", teamID, interpret(err))
	}
	return in, nil
}

// Installations lists every installation, team by team.
func (r reader) Installations(ctx context.Context) ([]Installation, error) {
	var list []Installation
	if err := r.q.SelectContext(ctx, &list, `SELECT `+installationColumns+` FROM installations ORDER BY team_id`); err != nil {
		return nil, fmt.Errorf("list installations: %w", err)
	}
	return list, nil
}

// ResealToken replaces a team's sealed token (key rotation) if it is still
// the one read, so a reinstall meanwhile is not overwritten.
func (tx *Tx) ResealToken(ctx context.Context, teamID string, old, sealed []byte, keyID string) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `
		UPDATE installations SET bot_token = $3, key_id = $4 WHERE team_id = $1 AND bot_token = $2`,
		teamID, old, sealed, keyID)
	if err != nil {
		return false, fmt.Errorf("reseal token of %s: %w", teamID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Uninstall records that the app left the team (app_uninstalled,
// tokens_revoked) and cancels every message still waiting for it: nothing
// more is sent there. It reports the rows cancelled. A team with no
// installation row (the SLACK_BOT_TOKEN workspace) gets one, so that the
// uninstall holds across restarts and the purge finds it.
func (tx *Tx) Uninstall(ctx context.Context, teamID string, now time.Time) (int64, error) {
	_, err := tx.tx.ExecContext(ctx, `
		INSERT INTO installations (team_id, bot_user_id, bot_token, key_id, installer_id, installed_at, updated_at, uninstalled_at)
		VALUES ($1, '', '', '', '', $2, $2, $2)
		ON CONFLICT (team_id) DO UPDATE SET uninstalled_at = coalesce(installations.uninstalled_at, $2), updated_at = $2`,
		teamID, now)
	if err != nil {
		return 0, fmt.Errorf("record uninstall of %s: %w", teamID, err)
	}
	res, err := tx.tx.ExecContext(ctx, `
		UPDATE outbox SET status = 'cancelled', last_error = 'app uninstalled', locked_until = NULL
		WHERE team_id = $1 AND status = 'pending'`, teamID)
	if err != nil {
		return 0, fmt.Errorf("cancel outbox of %s: %w", teamID, err)
	}
	return res.RowsAffected()
}

// CancelOutbox cancels one row of an uninstalled team.
func (s *Store) CancelOutbox(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, `
		UPDATE outbox SET status = 'cancelled', last_error = 'app uninstalled', locked_until = NULL
		WHERE id = $1 AND status = 'pending'`, id)
	if err != nil {
		return fmt.Errorf("cancel outbox row %d: %w", id, err)
	}
	return nil
}

// UninstalledBefore lists the teams uninstalled before cutoff, whose data
// the retention period no longer keeps.
func (s *Store) UninstalledBefore(ctx context.Context, cutoff time.Time) ([]string, error) {
	var teams []string
	err := s.db.SelectContext(ctx, &teams, `
		SELECT team_id FROM installations WHERE uninstalled_at < $1 ORDER BY team_id`, cutoff)
	if err != nil {
		return nil, fmt.Errorf("list uninstalled teams: %w", err)
	}
	return teams, nil
}
