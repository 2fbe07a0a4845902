package directory

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

// profileMaxAge is how long a member's name and timezone are trusted before
// they are read again from Slack (user_change events refresh them sooner).
const profileMaxAge = 24 * time.Hour

// EnsureMember returns the member behind a Slack user, creating them from
// users.info on their first interaction and refreshing a stale profile.
func (d *Directory) EnsureMember(ctx context.Context, teamID, userID string) (store.Member, error) {
	m, err := d.store.Member(ctx, teamID, userID)
	switch {
	case err == nil && d.now().Sub(m.RefreshedAt) < profileMaxAge:
		return m, nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return m, err
	}
	api, err := d.clients.Client(ctx, teamID)
	if err != nil {
		return m, fmt.Errorf("read profile of %s: %w", userID, err)
	}
	user, err := api.GetUserInfoContext(ctx, userID)
	if err != nil {
		if m.UserID != "" {
			return m, nil // a stale profile beats no answer
		}
		return m, fmt.Errorf("read profile of %s: %w", userID, err)
	}
	if err := d.SaveProfile(ctx, teamID, user); err != nil {
		return m, err
	}
	return d.store.Member(ctx, teamID, userID)
}

// SaveProfile records what Slack says of a user; a newcomer gets the
// partner role, or backbone if listed in BACKBONE_ADMINS and in the
// SLACK_BOT_TOKEN workspace.
func (d *Directory) SaveProfile(ctx context.Context, teamID string, u *slack.User) error {
	role := store.RolePartner
	if d.admins[u.ID] {
		installed, err := d.clients.Installed(ctx, teamID)
		if err != nil {
			return err
		}
		if !installed {
			role = store.RoleBackbone
		}
	}
	p := Profile(teamID, u)
	return d.store.InTx(ctx, func(tx *store.Tx) error {
		created, err := tx.SaveProfile(ctx, p, role, d.now())
		if err != nil || !created {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: teamID, Actor: u.ID, Action: "member.join", Entity: "member", EntityID: u.ID,
			After: map[string]string{"display_name": p.DisplayName, "tz": p.TZ, "role": role}})
	})
}

// Profile is what the store keeps of a Slack user.
func Profile(teamID string, u *slack.User) store.Profile {
	p := store.Profile{TeamID: teamID, UserID: u.ID, DisplayName: displayName(u), TZ: u.TZ, IsBot: u.IsBot, Deleted: u.Deleted,
		HomeTeamID: u.TeamID, Guest: GuestKind(u)}
	if p.TZ == "" {
		p.TZ = "UTC"
	}
	return p
}

func displayName(u *slack.User) string {
	for _, name := range []string{u.Profile.DisplayName, u.RealName, u.Profile.RealName, u.Name} {
		if name != "" {
			return name
		}
	}
	return u.ID
}

// MemberForMention returns the person a command mentions, refusing bots,
// deactivated accounts and people outside the workspace.
func (d *Directory) MemberForMention(ctx context.Context, teamID, userID string) (store.Member, error) {
	m, err := d.EnsureMember(ctx, teamID, userID)
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && (se.Err == "user_not_found" || se.Err == "users_not_found") {
		return m, kit.Sorry(fmt.Sprintf("I can't find <@%s> in this Slack workspace. Mention someone by typing @ and picking their name.", userID))
	}
	if err != nil {
		return m, err
	}
	if m.IsBot || m.Deleted {
		return m, kit.Sorry(fmt.Sprintf("<@%s> is a bot or a deactivated account; pick a person.", userID))
	}
	return m, nil
}

// Name is a member's name, or their ID when unknown.
func (d *Directory) Name(ctx context.Context, teamID, userID string) string {
	m, err := d.store.Member(ctx, teamID, userID)
	if err != nil || m.DisplayName == "" {
		return userID
	}
	return m.DisplayName
}

// IsAdmin reports whether userID is listed in BACKBONE_ADMINS, and so gets
// the backbone role back at every start.
func (d *Directory) IsAdmin(userID string) bool { return d.admins[userID] }

// GuestKind names a Slack guest's kind: "single_channel" (ultra
// restricted), "multi_channel" (restricted), or "" for a full member.
func GuestKind(u *slack.User) string {
	switch {
	case u.IsUltraRestricted:
		return "single_channel"
	case u.IsRestricted:
		return "multi_channel"
	}
	return ""
}
