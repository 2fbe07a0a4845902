package directory

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/slackgate"
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
	_, err := d.store.SaveProfiles(ctx, teamID, []store.Profile{profileOf(teamID, u)}, d.now())
	return err
}

// Changed refreshes the profile of someone the directory knows
// (user_change); of anyone else it keeps nothing.
func (d *Directory) Changed(ctx context.Context, teamID string, u *slack.User) error {
	_, err := d.store.RefreshProfiles(ctx, teamID, []store.Profile{profileOf(teamID, u)}, d.now())
	return err
}

// Keep reads the whole workspace with users.list once the bot token's team
// is known (auth.test; onTeam hears it), then reads in the background the
// people EnsureMember could not, until ctx ends.
func (d *Directory) Keep(ctx context.Context, onTeam func(teamID string)) error {
	teamID, err := d.team(ctx)
	if err != nil {
		return nil // ctx ended
	}
	if onTeam != nil {
		onTeam(teamID)
	}
	for ctx.Err() == nil {
		if err := d.Sync(ctx, teamID); err == nil || ctx.Err() != nil {
			break
		} else {
			d.log.Warn("users.list failed: trying again in a minute", "err", err)
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

// team is the bot token's team, from auth.test, tried until it answers.
func (d *Directory) team(ctx context.Context) (string, error) {
	wait := time.Second
	for {
		resp, err := d.api.AuthTestContext(ctx)
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
	for id := range ids {
		u, err := d.api.GetUserInfoContext(slackgate.WithTeam(ctx, teamID), id)
		var se slack.SlackErrorResponse
		if errors.As(err, &se) {
			delete(ids, id) // gone from the workspace: nothing to read
			continue
		}
		if err != nil {
			return fmt.Errorf("users.info %s: %w", id, err)
		}
		if _, err := d.store.SaveProfiles(ctx, teamID, []store.Profile{profileOf(teamID, u)}, d.now()); err != nil {
			return err
		}
		delete(ids, id)
	}
	return nil
}

// Sync reads every person of the workspace with users.list, a page at a
// time, waiting out any Retry-After, and refreshes the members among them.
func (d *Directory) Sync(ctx context.Context, teamID string) error {
	gctx := slackgate.WithTeam(ctx, teamID)
	page := d.api.GetUsersPaginated(slack.GetUsersOptionLimit(usersPage), slack.GetUsersOptionIncludeLocale(false))
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
			ps[i] = profileOf(teamID, &next.Users[i])
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
