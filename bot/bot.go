// Package bot is Backbone's Slack shell: the Socket Mode and HTTP
// transports, request signing, the routing of slash commands, interactions
// and events to the features that answer them, and the app manifest. The
// features live in the packages below it; see doc.go for the rules.
package bot

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/admin"
	"github.com/backbone-coalition/backbone/bot/commitment"
	"github.com/backbone-coalition/backbone/bot/digest"
	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/home"
	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/bot/install"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/bot/recognition"
	"github.com/backbone-coalition/backbone/bot/workspace"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/secret"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/weblink"
)

// Deps is what the bot needs from the rest of the program.
type Deps struct {
	Store *store.Store
	// API is the SLACK_BOT_TOKEN client, for a workspace with no
	// installation; nil when there is none.
	API *slack.Client
	// Clients gives each workspace's client; nil makes one from Store and
	// API (no installation opens without its keys).
	Clients *workspace.Clients
	Log     *slog.Logger
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
	// Scheduler runs `/backbone job`, `/backbone schedule` and `/digest
	// send`; nil refuses them. Its jobs come from Jobs.
	Scheduler kit.JobRunner
	// Metrics hears how each request went; nil for none.
	Metrics Observer
	// Install configures "Add to Slack" (GET /slack/install and
	// /slack/oauth_redirect); nil serves the SLACK_BOT_TOKEN workspace only.
	Install *install.Config
	// Keys seal the installed workspaces' tokens; required with Install.
	Keys *secret.Keyring
	// Web mints the scorecard's sign-in links; zero turns them off.
	Web weblink.Links
}

// Bot routes Slack traffic to the features. Its handlers share nothing
// mutable.
type Bot struct {
	// indicators is the indicator feature, which the web scorecard reads.
	indicators    *indicator.Service
	store         *store.Store
	log           *slog.Logger
	now           func() time.Time
	signingSecret []byte
	dir           *directory.Directory
	routes        kit.Routes
	jobs          []schedules.Job
	renderers     map[string]outbox.Renderer
	env           kit.Env
	obs           Observer
	install       *install.Service

	// workSlots bounds the handlers running at once (see maxWork).
	workSlots chan struct{}
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

// New builds the features and the bot that routes to them.
func New(d Deps) *Bot {
	if d.HTTPClient == nil {
		d.HTTPClient = &http.Client{Timeout: 10 * time.Second, Transport: KeepAlive(2 * maxWork)}
	}
	if d.Clients == nil {
		d.Clients = workspace.New(workspace.Deps{Store: d.Store, Fallback: d.API})
	}
	env := kit.Env{Store: d.Store, Clients: d.Clients, Log: d.Log, Now: d.Now, HTTP: d.HTTPClient}
	dir := directory.New(directory.Deps{Store: d.Store, Clients: d.Clients, Log: d.Log, Now: d.Now, Admins: d.Admins, DefaultTZ: d.DefaultTZ})
	work, cancel := context.WithCancel(context.Background())
	b := &Bot{store: d.Store, log: d.Log, now: d.Now, signingSecret: []byte(d.SigningSecret), dir: dir, env: env, work: work, cancelWork: cancel, obs: orNop(d.Metrics),
		workSlots: make(chan struct{}, maxWork)}

	rec := recognition.New(env, dir)
	com := commitment.New(env, dir, rec)
	ind := indicator.New(env, dir, rec)
	ind.Web = d.Web
	b.indicators = ind
	dig := digest.New(env, dir, d.Scheduler)
	adm := admin.New(env, dir, ind, d.Scheduler)
	hom := home.New(env, dir, com)
	com.PublishHomeWith(hom)

	b.routes = merge(com.Routes(), ind.Routes(), rec.Routes(), dig.Routes(), adm.Routes(), hom.Routes(), install.Routes(env))
	if d.Install != nil {
		cfg := *d.Install
		cfg.Scopes = BuildManifest("", "").OAuthConfig.Scopes.Bot
		b.install = install.New(env, d.Keys, cfg)
	}
	b.jobs = append(append(com.Jobs(), ind.Jobs()...), dig.Jobs()...)
	b.renderers = com.Renderers()
	return b
}

// Indicators is the indicator feature: what the web scorecard shows, with
// the same rules of who sees what as in Slack.
func (b *Bot) Indicators() *indicator.Service { return b.indicators }

// Jobs are every feature's scheduled jobs, for the scheduler to run
// beside its own (schedules.Housekeeping).
func (b *Bot) Jobs() []schedules.Job { return b.jobs }

// Renderers render, at send time, the messages the features queue as an
// outbox.Render; the outbox worker takes them (outbox.Options.Renderers).
func (b *Bot) Renderers() map[string]outbox.Renderer { return b.renderers }

// merge joins the features' routes; a route claimed twice is a wiring bug.
func merge(all ...kit.Routes) kit.Routes {
	out := kit.Routes{Commands: map[string]kit.CommandHandler{}, Actions: map[string]kit.ActionHandler{},
		Views: map[string]kit.ViewHandler{}, Events: map[string]kit.EventHandler{}}
	for _, r := range all {
		mergeInto(out.Commands, r.Commands)
		mergeInto(out.Actions, r.Actions)
		mergeInto(out.Views, r.Views)
		mergeInto(out.Events, r.Events)
	}
	return out
}

func mergeInto[V any](dst, src map[string]V) {
	for k, v := range src {
		if _, dup := dst[k]; dup {
			panic("bot: two features route " + k)
		}
		dst[k] = v
	}
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

// maxWork bounds the handlers that run at once. Beyond it they wait their
// turn: a burst then costs a wait, not the database pool (20 connections),
// of which it leaves a few to the claims that decide, before an ack,
// whether a request was seen before (goCheck) — with every connection held
// by handlers, each ack waited out its claim's 250 ms.
const maxWork = 16

// goWork runs fn after an ack, tracked for graceful shutdown, once one of
// the maxWork slots is free.
func (b *Bot) goWork(timeout time.Duration, fn func(ctx context.Context)) {
	b.goTracked(timeout, true, fn)
}

// goCheck runs fn, a short claim in the database that an ack or a
// handler waits on, without waiting for a work slot.
func (b *Bot) goCheck(timeout time.Duration, fn func(ctx context.Context)) {
	b.goTracked(timeout, false, fn)
}

func (b *Bot) goTracked(timeout time.Duration, slot bool, fn func(ctx context.Context)) {
	b.inflight.Add(1)
	b.active.Add(1)
	go func() {
		defer b.inflight.Done()
		defer b.active.Add(-1)
		if slot {
			select {
			case b.workSlots <- struct{}{}:
				defer func() { <-b.workSlots }()
			case <-b.work.Done():
				return
			}
		}
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

// KeepDirectory keeps the members' directory warm until ctx ends: the
// whole workspace from users.list at start, then, in the background, the
// profiles a command could not read (directory.Keep). onTeam hears the bot
// token's team once auth.test names it.
func (b *Bot) KeepDirectory(ctx context.Context, onTeam func(teamID string)) error {
	return b.dir.Keep(ctx, onTeam)
}

// KeepAlive is a transport that keeps up to conns connections to one host
// open between requests. Go's default keeps 2: with maxWork handlers
// answering response_urls (all on hooks.slack.com) at once, the rest
// opened, and TLS-handshook, a new connection per answer.
func KeepAlive(conns int) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = max(t.MaxIdleConns, conns)
	t.MaxIdleConnsPerHost = conns
	return t
}
