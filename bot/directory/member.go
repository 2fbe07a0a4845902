package directory

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/slackgate"
	"github.com/backbone-coalition/backbone/store"
)

// profileMaxAge is how long a member's name and timezone are trusted before
// they are read again from Slack, in the background (user_change events
// and the users.list at each start refresh them sooner).
const profileMaxAge = 24 * time.Hour

// EnsureMember returns the member behind a Slack user, creating them on
// their first interaction from the profile the directory keeps (users.list,
// events) or, for someone it never heard of, from users.info. It never
// fails because Slack rate-limits that read: the newcomer then starts with
// the coalition's timezone and their ID for a name, and the profile is
// filled in once Slack allows (see Keep).
func (d *Directory) EnsureMember(ctx context.Context, teamID, userID string) (store.Member, error) {
	m, err := d.store.Member(ctx, teamID, userID)
	switch {
	case err == nil:
		if d.now().Sub(m.RefreshedAt) >= profileMaxAge {
			d.readLater(teamID, userID)
		}
		return m, nil
	case !errors.Is(err, store.ErrNotFound):
		return m, err
	}
	p, err := d.profile(ctx, teamID, userID)
	refreshed := d.now()
	var rl *slack.RateLimitedError
	switch {
	case errors.As(err, &rl):
		d.log.Info("profile read rate-limited: the member starts with the coalition's timezone", "team_id", teamID, "user_id", userID, "retry_after", rl.RetryAfter)
		p = store.Profile{TeamID: teamID, UserID: userID, DisplayName: userID, TZ: d.CoalitionLoc(ctx, teamID).String()}
		refreshed = time.Time{} // stale, so that the real profile replaces it
		d.readLater(teamID, userID)
	case err != nil:
		return m, fmt.Errorf("read profile of %s: %w", userID, err)
	}
	if err := d.createMember(ctx, p, refreshed); err != nil {
		return m, err
	}
	return d.store.Member(ctx, teamID, userID)
}

// profile is what Slack says of userID: the kept profile, else users.info.
// Profile reads wait for one another, so that a burst of newcomers makes
// one users.info call at a time: none is on its way when Slack answers a
// 429, and the next waits for the Retry-After (slackgate).
func (d *Directory) profile(ctx context.Context, teamID, userID string) (store.Profile, error) {
	if p, err := d.store.CachedProfile(ctx, teamID, userID); !errors.Is(err, store.ErrNotFound) {
		return p, err
	}
	select {
	case d.reads <- struct{}{}:
		defer func() { <-d.reads }()
	case <-ctx.Done():
		return store.Profile{}, ctx.Err()
	}
	if p, err := d.store.CachedProfile(ctx, teamID, userID); !errors.Is(err, store.ErrNotFound) {
		return p, err // read by the call we waited for
	}
	api, err := d.clients.Client(ctx, teamID)
	if err != nil {
		return store.Profile{}, err
	}
	u, err := api.GetUserInfoContext(slackgate.WithTeam(ctx, teamID), userID)
	if err != nil {
		return store.Profile{}, err
	}
	p := Profile(teamID, u)
	if _, err := d.store.SaveProfiles(ctx, teamID, []store.Profile{p}, d.now()); err != nil {
		return p, err
	}
	return p, nil
}

// createMember records a newcomer from p; a newcomer gets the partner
// role, or backbone if listed in BACKBONE_ADMINS and in the
// SLACK_BOT_TOKEN workspace (an installed one names its own staff).
func (d *Directory) createMember(ctx context.Context, p store.Profile, refreshed time.Time) error {
	role := store.RolePartner
	if d.admins[p.UserID] {
		installed, err := d.clients.Installed(ctx, p.TeamID)
		if err != nil {
			return err
		}
		if !installed {
			role = store.RoleBackbone
		}
	}
	return d.store.InTx(ctx, func(tx *store.Tx) error {
		created, err := tx.SaveProfile(ctx, p, role, refreshed)
		if err != nil || !created {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: p.TeamID, Actor: p.UserID, Action: "member.join", Entity: "member", EntityID: p.UserID,
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
