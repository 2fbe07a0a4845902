// Package bot is Backbone's Slack side: the Socket Mode and HTTP transports,
// the routing of slash commands, interactions and events to their handlers,
// and the Block Kit views they answer with.
package bot

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/store"
)

// Deps is what the bot needs from the rest of the program.
type Deps struct {
	Store *store.Store
	API   *slack.Client
	Log   *slog.Logger
	// Now is the clock; time.Now in production.
	Now func() time.Time
	// SigningSecret verifies HTTP-mode requests; empty disables HTTP mode.
	SigningSecret string
	// HTTPClient answers response_urls; it must have a timeout.
	HTTPClient *http.Client
	// Admins are the Slack user IDs that get the backbone role.
	Admins []string
	// DefaultTZ is the coalition timezone until setup sets one.
	DefaultTZ *time.Location
	// Metrics hears how each request went; nil for none.
	Metrics Observer
}

// Bot routes Slack traffic to handlers. Its handlers share nothing mutable.
type Bot struct {
	store         *store.Store
	api           *slack.Client
	log           *slog.Logger
	now           func() time.Time
	signingSecret []byte
	httpClient    *http.Client
	commands      map[string]commandHandler
	events        map[string]eventHandler
	actions       map[string]actionHandler
	admins        map[string]bool
	defaultTZ     *time.Location
	jobs          JobRunner
	obs           Observer

	// work is the context of handlers running after their ack; it outlives
	// the transports so in-flight work can finish at shutdown.
	work       context.Context
	cancelWork context.CancelFunc
	inflight   sync.WaitGroup
	connected  atomic.Bool
	// active counts requests being read or acked and handlers running after
	// their ack, so a test can tell when the bot has finished with a request.
	active atomic.Int64
}

// New builds a bot.
func New(d Deps) *Bot {
	if d.HTTPClient == nil {
		d.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	work, cancel := context.WithCancel(context.Background())
	b := &Bot{
		store:         d.Store,
		api:           d.API,
		log:           d.Log,
		now:           d.Now,
		signingSecret: []byte(d.SigningSecret),
		httpClient:    d.HTTPClient,
		work:          work,
		cancelWork:    cancel,
		obs:           orNop(d.Metrics),
	}
	b.defaultTZ = d.DefaultTZ
	if b.defaultTZ == nil {
		b.defaultTZ = time.UTC
	}
	b.admins = make(map[string]bool, len(d.Admins))
	for _, id := range d.Admins {
		b.admins[id] = true
	}
	b.commands = b.commandHandlers()
	b.events = b.eventHandlers()
	b.actions = b.actionHandlers()
	return b
}

// SlackConnected reports whether a Slack transport is up.
func (b *Bot) SlackConnected() bool { return b.connected.Load() }

// MarkConnected records that a transport is up; HTTP mode calls it once
// auth.test has succeeded.
func (b *Bot) MarkConnected(up bool) { b.connected.Store(up) }

// Shutdown waits for in-flight handlers until ctx ends, then cancels those
// still running.
func (b *Bot) Shutdown(ctx context.Context) error {
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	defer b.cancelWork()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// goWork runs fn after an ack, tracked for graceful shutdown.
func (b *Bot) goWork(timeout time.Duration, fn func(ctx context.Context)) {
	b.inflight.Add(1)
	b.active.Add(1)
	go func() {
		defer b.inflight.Done()
		defer b.active.Add(-1)
		ctx, cancel := context.WithTimeout(b.work, timeout)
		defer cancel()
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("handler panicked", "panic", r)
			}
		}()
		fn(ctx)
	}()
}
