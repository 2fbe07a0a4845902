package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/store"
)

// profileMaxAge is how long a member's name and timezone are trusted before
// they are read again from Slack (user_change events refresh them sooner).
const profileMaxAge = 24 * time.Hour

// ensureMember returns the member behind a Slack user, creating them from
// users.info on their first interaction and refreshing a stale profile.
func (b *Bot) ensureMember(ctx context.Context, teamID, userID string) (store.Member, error) {
	m, err := b.store.Member(ctx, teamID, userID)
	switch {
	case err == nil && b.now().Sub(m.RefreshedAt) < profileMaxAge:
		return m, nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return m, err
	}
	user, err := b.api.GetUserInfoContext(ctx, userID)
	if err != nil {
		if m.UserID != "" {
			return m, nil // a stale profile beats no answer
		}
		return m, fmt.Errorf("read profile of %s: %w", userID, err)
	}
	if err := b.saveProfile(ctx, teamID, user); err != nil {
		return m, err
	}
	return b.store.Member(ctx, teamID, userID)
}

// saveProfile records what Slack says of a user; a newcomer gets the
// partner role, or backbone if listed in BACKBONE_ADMINS.
func (b *Bot) saveProfile(ctx context.Context, teamID string, u *slack.User) error {
	role := store.RolePartner
	if b.admins[u.ID] {
		role = store.RoleBackbone
	}
	p := store.Profile{TeamID: teamID, UserID: u.ID, DisplayName: displayName(u), TZ: u.TZ, IsBot: u.IsBot, Deleted: u.Deleted}
	if p.TZ == "" {
		p.TZ = "UTC"
	}
	return b.store.InTx(ctx, func(tx *store.Tx) error {
		created, err := tx.SaveProfile(ctx, p, role, b.now())
		if err != nil || !created {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: teamID, Actor: u.ID, Action: "member.join", Entity: "member", EntityID: u.ID,
			After: map[string]string{"display_name": p.DisplayName, "tz": p.TZ, "role": role}})
	})
}

func displayName(u *slack.User) string {
	for _, name := range []string{u.Profile.DisplayName, u.RealName, u.Profile.RealName, u.Name} {
		if name != "" {
			return name
		}
	}
	return u.ID
}
