package directory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/slackgate"
	"github.com/backbone-coalition/backbone/bot/workspace"
	"github.com/backbone-coalition/backbone/store"
)

// The directory is kept warm: users.list (Tier 2, paged) at start, the
// user_change and team_join events as they come (Heard), and, for people it
// had to guess (a rate-limited read) or whose profile grew old, a read in the
// background once Slack allows (Keep).

// usersPage is users.list's page size: Slack advises no more than 200.
const usersPage = 200

// fewReads is how many people Keep reads one by one (users.info, Tier 4);
// more than that, one users.list (Tier 2) reads them all in a few calls.
const fewReads = 10

// gather is how long Keep waits after a first person to read, so that a
// burst of newcomers costs one users.list, not one call each.
const gather = 2 * time.Second

// pending is who Keep must read, by team; guarded by mu.
type pending struct {
	mu     sync.Mutex
	byTeam map[string]map[string]bool
	wake   chan struct{}
}

func newPending() *pending {
	return &pending{byTeam: map[string]map[string]bool{}, wake: make(chan struct{}, 1)}
}

// readLater asks Keep to read userID's profile from Slack.
func (d *Directory) readLater(teamID, userID string) {
	d.pending.mu.Lock()
	if d.pending.byTeam[teamID] == nil {
		d.pending.byTeam[teamID] = map[string]bool{}
	}
	d.pending.byTeam[teamID][userID] = true
	d.pending.mu.Unlock()
	select {
	case d.pending.wake <- struct{}{}:
	default:
	}
}

// take removes and returns the people waiting to be read.
func (p *pending) take() map[string]map[string]bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.byTeam
	p.byTeam = map[string]map[string]bool{}
	return out
}

// putBack returns people not read yet.
func (p *pending) putBack(teamID string, ids map[string]bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.byTeam[teamID] == nil {
		p.byTeam[teamID] = map[string]bool{}
	}
	for id := range ids {
		p.byTeam[teamID][id] = true
	}
}

// Joined records the profile of someone who joined the workspace
// (team_join).
func (d *Directory) Joined(ctx context.Context, teamID string, u *slack.User) error {
	_, err := d.store.SaveProfiles(ctx, teamID, []store.Profile{Profile(teamID, u)}, d.now())
	return err
}

// Changed refreshes the profile of someone the directory knows
// (user_change); of anyone else it keeps nothing.
func (d *Directory) Changed(ctx context.Context, teamID string, u *slack.User) error {
	_, err := d.store.RefreshProfiles(ctx, teamID, []store.Profile{Profile(teamID, u)}, d.now())
	return err
}

// Keep reads every workspace with users.list at start — the
// SLACK_BOT_TOKEN one once auth.test names its team (onTeam hears it), and
// each installed one — then reads in the background the people EnsureMember
// could not, until ctx ends.
func (d *Directory) Keep(ctx context.Context, onTeam func(teamID string)) error {
	teams, err := d.teams(ctx, onTeam)
	if err != nil {
		return nil // ctx ended
	}
	for len(teams) > 0 && ctx.Err() == nil {
		teams = d.syncAll(ctx, teams)
		if len(teams) > 0 {
			sleep(ctx, time.Minute)
		}
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-d.pending.wake:
		}
		sleep(ctx, gather)
		for team, ids := range d.pending.take() {
			if err := d.read(ctx, team, ids); err != nil && ctx.Err() == nil {
				d.log.Warn("profiles not read yet", "team_id", team, "people", len(ids), "err", err)
				d.pending.putBack(team, ids)
				sleep(ctx, retryWait(err))
				d.readLater(team, "") // wake the loop again
			}
		}
	}
}

// teams are the workspaces to read at start: the SLACK_BOT_TOKEN one, if
// any, and every workspace still installed.
func (d *Directory) teams(ctx context.Context, onTeam func(teamID string)) ([]string, error) {
	var teams []string
	if api := d.clients.Fallback(); api != nil {
		teamID, err := d.team(ctx, api)
		if err != nil {
			return nil, err
		}
		if onTeam != nil {
			onTeam(teamID)
		}
		teams = append(teams, teamID)
	}
	installed, err := d.store.Installations(ctx)
	if err != nil {
		d.log.Warn("installed workspaces not listed: their profiles are read as people come", "err", err)
		return teams, nil
	}
	for _, in := range installed {
		if in.UninstalledAt == nil && !slices.Contains(teams, in.TeamID) {
			teams = append(teams, in.TeamID)
		}
	}
	return teams, nil
}

// syncAll reads these workspaces with users.list and returns those to try
// again; one Slack refuses for good (uninstalled, revoked) is left out.
func (d *Directory) syncAll(ctx context.Context, teams []string) []string {
	var again []string
	for _, teamID := range teams {
		err := d.Sync(ctx, teamID)
		var se slack.SlackErrorResponse
		switch {
		case err == nil || ctx.Err() != nil:
		case errors.Is(err, workspace.ErrUninstalled), errors.Is(err, workspace.ErrNotInstalled), errors.As(err, &se):
			d.log.Warn("users.list refused: the workspace's profiles are read as people come", "team_id", teamID, "err", err)
		default:
			d.log.Warn("users.list failed: trying again in a minute", "team_id", teamID, "err", err)
			again = append(again, teamID)
		}
	}
	return again
}

// team is the bot token's team, from auth.test, tried until it answers.
func (d *Directory) team(ctx context.Context, api *slack.Client) (string, error) {
	wait := time.Second
	for {
		resp, err := api.AuthTestContext(ctx)
		if err == nil {
			return resp.TeamID, nil
		}
		if !sleep(ctx, max(wait, retryWait(err))) {
			return "", ctx.Err()
		}
		wait = min(2*wait, time.Minute)
	}
}

// read refreshes these people's profiles, one by one when few.
func (d *Directory) read(ctx context.Context, teamID string, ids map[string]bool) error {
	delete(ids, "")
	if len(ids) == 0 {
		return nil
	}
	if len(ids) > fewReads {
		return d.Sync(ctx, teamID)
	}
	api, err := d.clients.Client(ctx, teamID)
	if err != nil {
		return fmt.Errorf("client of %s: %w", teamID, err)
	}
	for id := range ids {
		u, err := api.GetUserInfoContext(slackgate.WithTeam(ctx, teamID), id)
		var se slack.SlackErrorResponse
		if errors.As(err, &se) {
			delete(ids, id) // gone from the workspace: nothing to read
			continue
		}
		if err != nil {
			return fmt.Errorf("users.info %s: %w", id, err)
		}
		if _, err := d.store.SaveProfiles(ctx, teamID, []store.Profile{Profile(teamID, u)}, d.now()); err != nil {
			return err
		}
		delete(ids, id)
	}
	return nil
}

// Sync reads every person of the workspace with users.list, a page at a
// time, waiting out any Retry-After, and refreshes the members among them.
func (d *Directory) Sync(ctx context.Context, teamID string) error {
	api, err := d.clients.Client(ctx, teamID)
	if err != nil {
		return fmt.Errorf("client of %s: %w", teamID, err)
	}
	gctx := slackgate.WithTeam(ctx, teamID)
	page := api.GetUsersPaginated(slack.GetUsersOptionLimit(usersPage), slack.GetUsersOptionIncludeLocale(false))
	people := 0
	for {
		next, err := page.Next(gctx)
		var rl *slack.RateLimitedError
		switch {
		case page.Done(err):
			d.log.Info("directory read from users.list", "team_id", teamID, "people", people)
			return nil
		case errors.As(err, &rl):
			if !sleep(ctx, rl.RetryAfter) {
				return ctx.Err()
			}
			continue
		case err != nil:
			return fmt.Errorf("users.list: %w", err)
		}
		ps := make([]store.Profile, len(next.Users))
		for i := range next.Users {
			ps[i] = Profile(teamID, &next.Users[i])
		}
		if _, err := d.store.SaveProfiles(ctx, teamID, ps, d.now()); err != nil {
			return err
		}
		people += len(ps)
		page = next
	}
}

// retryWait is a rate limit's Retry-After, else a second.
func retryWait(err error) time.Duration {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) && rl.RetryAfter > 0 {
		return rl.RetryAfter
	}
	return time.Second
}

// sleep waits d, or less if ctx ends; it reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
