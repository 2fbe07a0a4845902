package install

import (
	"context"

	"github.com/slack-go/slack/slackevents"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// Routes handles app_uninstalled and tokens_revoked for env, with or
// without "Add to Slack": the SLACK_BOT_TOKEN workspace can be uninstalled
// too.
func Routes(env kit.Env) kit.Routes {
	u := uninstaller{env}
	return kit.Routes{Events: map[string]kit.EventHandler{
		string(slackevents.AppUninstalled): u.appUninstalled,
		string(slackevents.TokensRevoked):  u.tokensRevoked,
	}}
}

type uninstaller struct{ kit.Env }

func (u uninstaller) appUninstalled(ctx context.Context, teamID string, _ slackevents.EventsAPIInnerEvent) error {
	return u.stop(ctx, teamID, "app_uninstalled")
}

// tokensRevoked stops the workspace when the bot's token is among those
// revoked; a revoked user token alone changes nothing (Backbone has none).
func (u uninstaller) tokensRevoked(ctx context.Context, teamID string, inner slackevents.EventsAPIInnerEvent) error {
	ev, ok := inner.Data.(*slackevents.TokensRevokedEvent)
	if ok && len(ev.Tokens.Bot) == 0 {
		return nil
	}
	return u.stop(ctx, teamID, "tokens_revoked")
}

// stop records the uninstall and cancels every message still queued for
// the team, in one transaction: from its commit on, no replica sends there
// (workspace.Clients reads the installation on every call).
func (u uninstaller) stop(ctx context.Context, teamID, why string) error {
	var cancelled int64
	err := u.Store.InTx(ctx, func(tx *store.Tx) (err error) {
		cancelled, err = tx.Uninstall(ctx, teamID, u.Now())
		if err != nil {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: teamID, Actor: "slack", Action: "app.uninstall", Entity: "installation", EntityID: teamID,
			After: map[string]string{"event": why}})
	})
	if err == nil {
		u.Log.Info("workspace uninstalled: sending stopped", "team_id", teamID, "event", why, "outbox_cancelled", cancelled)
	}
	return err
}
