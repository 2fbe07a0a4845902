// Package workspace gives every Slack workspace its own Web API client:
// the bot token of its installation for a workspace added with "Add to
// Slack", the SLACK_BOT_TOKEN client for the one configured in .env. Every
// Web API call of the bot and the outbox goes through Clients.Client, so a
// workspace never gets a call made with another's token, and an uninstalled
// one gets none.
package workspace

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/secret"
	"github.com/backbone-coalition/backbone/store"
)

// ErrUninstalled is returned for a workspace that removed the app: nothing
// may be sent there any more.
var ErrUninstalled = errors.New("the app was uninstalled from this workspace")

// ErrNotInstalled is returned for a workspace with no installation when no
// SLACK_BOT_TOKEN workspace is configured.
var ErrNotInstalled = errors.New("the app is not installed in this workspace")

// Deps is what Clients needs.
type Deps struct {
	// Store holds the installations; nil serves Fallback alone.
	Store *store.Store
	// Keys opens the installations' tokens; nil when TOKEN_ENCRYPTION_KEY
	// is unset (then only Fallback works).
	Keys *secret.Keyring
	// Fallback is the SLACK_BOT_TOKEN client, for a workspace with no
	// installation; nil when there is none.
	Fallback *slack.Client
	// APIURL is Slack's Web API base URL (SLACK_API_URL).
	APIURL string
	// HTTP makes the calls; it must have a timeout.
	HTTP *http.Client
}

// Clients hands out one cached client per installation. It reads the
// installation on every call (a primary-key lookup), so an uninstall or a
// reinstall made through any replica holds at once on all of them; only
// opening the token and building the client are cached.
type Clients struct {
	d Deps

	mu    sync.Mutex
	cache map[string]cached
}

// cached is a team's client and the sealed token it was built from.
type cached struct {
	sealed string
	api    *slack.Client
}

// New returns the clients of every workspace.
func New(d Deps) *Clients {
	if d.HTTP == nil {
		d.HTTP = &http.Client{Timeout: 15 * time.Second}
	}
	return &Clients{d: d, cache: map[string]cached{}}
}

// Single serves one client for every workspace: tests and tools that talk
// to one workspace.
func Single(api *slack.Client) *Clients { return New(Deps{Fallback: api}) }

// Client returns the client of teamID's workspace.
func (c *Clients) Client(ctx context.Context, teamID string) (*slack.Client, error) {
	if c.d.Store == nil {
		return c.fallback()
	}
	in, err := c.d.Store.Installation(ctx, teamID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return c.fallback()
	case err != nil:
		return nil, err
	case in.UninstalledAt != nil:
		return nil, ErrUninstalled
	}
	return c.forInstallation(teamID, in.BotToken)
}

func (c *Clients) fallback() (*slack.Client, error) {
	if c.d.Fallback == nil {
		return nil, ErrNotInstalled
	}
	return c.d.Fallback, nil
}

func (c *Clients) forInstallation(teamID string, sealed []byte) (*slack.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.cache[teamID]; ok && e.sealed == string(sealed) {
		return e.api, nil
	}
	if c.d.Keys == nil {
		return nil, fmt.Errorf("open token of %s: TOKEN_ENCRYPTION_KEY is not set", teamID)
	}
	token, err := c.d.Keys.Open(sealed, teamID)
	if err != nil {
		return nil, fmt.Errorf("open token of %s: %w", teamID, err)
	}
	api := slack.New(token, slack.OptionAPIURL(c.d.APIURL), slack.OptionHTTPClient(c.d.HTTP))
	c.cache[teamID] = cached{sealed: string(sealed), api: api}
	return api, nil
}

// Installed reports whether teamID was added with "Add to Slack" (and is
// still installed), rather than being the SLACK_BOT_TOKEN workspace.
func (c *Clients) Installed(ctx context.Context, teamID string) (bool, error) {
	if c.d.Store == nil {
		return false, nil
	}
	in, err := c.d.Store.Installation(ctx, teamID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return false, nil
	case err != nil:
		return false, err
	}
	return in.UninstalledAt == nil && len(in.BotToken) > 0, nil
}
