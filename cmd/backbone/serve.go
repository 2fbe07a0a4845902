package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/backbone-coalition/backbone/bot"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/bot/slackgate"
	"github.com/backbone-coalition/backbone/bot/workspace"
	"github.com/backbone-coalition/backbone/config"
	"github.com/backbone-coalition/backbone/metrics"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/weblink"
)

// shutdownGrace is how long in-flight handlers and sends may take to finish.
const shutdownGrace = 10 * time.Second

// serve runs the bot against the Slack workspace the configuration names.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	return runService(ctx, cfg, log, service{now: time.Now})
}

// service is what serve and the sandbox do differently around the same bot.
type service struct {
	// now is the clock of the bot, the outbox worker and the scheduler.
	now func() time.Time
	// prepare runs once the bot is built, before anything is served; the
	// sandbox seeds its demo and mounts its page on mux there.
	prepare func(ctx context.Context, a *app, mux *http.ServeMux) error
	// ready is told the address the HTTP server listens on.
	ready func(addr net.Addr)
}

// app is the wired program: database, store, Slack client, bot, scheduler.
type app struct {
	cfg   config.Config
	log   *slog.Logger
	now   func() time.Time
	db    *database
	store *store.Store
	// api is the SLACK_BOT_TOKEN client; clients gives every workspace's.
	api     *slack.Client
	clients *workspace.Clients
	// gate honours Slack's Retry-After per (team, method) for every call
	// of api and of every workspace's client.
	gate  *slackgate.Gate
	bot   *bot.Bot
	sched *schedules.Scheduler
	// web signs the scorecard's sign-in links.
	web weblink.Links
	// metrics watches the bot, the outbox, the jobs and the pool; served on
	// metricsLn when METRICS_ADDR is set.
	metrics   *metrics.Metrics
	metricsLn net.Listener
	// onShutdown run when the HTTP server starts shutting down, so that
	// long-lived responses (the sandbox's event streams) end.
	onShutdown []func()
}

// runService wires the program, serves HTTP, connects Slack, and runs
// until ctx ends or a part fails.
func runService(ctx context.Context, cfg config.Config, log *slog.Logger, svc service) error {
	// Listen first: without PUBLIC_URL, the links the bot sends lead to
	// where it listens, which a port of 0 only tells once bound.
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on HTTP_ADDR %s: %w", cfg.HTTPAddr, err)
	}
	if cfg.PublicURL == "" {
		cfg.PublicURL = strings.TrimSuffix(pageURL(ln.Addr()), "/")
	}
	a, err := newApp(ctx, cfg, log, svc.now)
	if err != nil {
		ln.Close()
		return err
	}
	defer a.db.close(log)
	mux := a.routes()
	if err := a.mountScorecard(mux); err != nil {
		ln.Close()
		return err
	}
	if svc.prepare != nil {
		if err := svc.prepare(ctx, a, mux); err != nil {
			ln.Close()
			return err
		}
	}
	if cfg.MetricsAddr != "" {
		if a.metricsLn, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			ln.Close()
			return fmt.Errorf("listen on METRICS_ADDR %s: %w", cfg.MetricsAddr, err)
		}
	}
	return a.run(ctx, ln, mux, svc.ready)
}

// newApp opens the database and builds the store, the Slack client, the bot
// and the scheduler.
func newApp(ctx context.Context, cfg config.Config, log *slog.Logger, now func() time.Time) (*app, error) {
	d, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: log, now: now, db: d, store: store.New(d.db)}
	b := currentBuild()
	a.metrics = metrics.New(metrics.Options{DB: d.db.DB, Outbox: a.store, Now: now, Log: log, Version: b.Version, Commit: b.Commit})
	httpClient := &http.Client{Timeout: 15 * time.Second, Transport: bot.KeepAlive(32)}
	a.gate = slackgate.New(httpClient, now)
	a.api = slack.New(cfg.SlackBotToken.Reveal(),
		slack.OptionAppLevelToken(cfg.SlackAppToken.Reveal()),
		slack.OptionAPIURL(cfg.SlackAPIURL),
		slack.OptionHTTPClient(a.gate),
	)
	keys, err := keyring(cfg)
	if err != nil {
		d.close(log)
		return nil, err
	}
	var fallback *slack.Client
	if cfg.SlackBotToken != "" {
		fallback = a.api
	}
	a.clients = workspace.New(workspace.Deps{Store: a.store, Keys: keys, Fallback: fallback, APIURL: cfg.SlackAPIURL,
		HTTP: httpClient, Gate: a.gate})
	a.sched = schedules.New(a.store, log, now, cfg.CoalitionTZ)
	if a.web, err = webLinks(cfg); err != nil {
		d.close(log)
		return nil, err
	}
	a.bot = bot.New(bot.Deps{Store: a.store, API: fallback, Clients: a.clients, Log: log, Now: now, SigningSecret: cfg.SlackSigningSecret.Reveal(),
		Admins: cfg.Admins, DefaultTZ: cfg.CoalitionTZ, Scheduler: a.sched, Metrics: a.metrics,
		Install: installConfig(cfg), Keys: keys, Web: a.web})
	a.sched.Add(a.bot.Jobs()...)
	a.sched.Add(schedules.Housekeeping(cfg.OutboxRetention), schedules.PurgeUninstalled(uninstallRetention(cfg)))
	a.sched.SetObserver(a.metrics)
	if err := a.promoteAdmins(ctx); err != nil {
		d.close(log)
		return nil, err
	}
	return a, nil
}

func (a *app) promoteAdmins(ctx context.Context) error {
	n, err := a.store.PromoteAdmins(ctx, a.cfg.Admins)
	if err != nil {
		return err
	}
	if n > 0 {
		a.log.Info("gave BACKBONE_ADMINS the backbone role", "members", n)
	}
	return nil
}

// run serves HTTP on ln, connects Slack and waits for the end.
func (a *app) run(ctx context.Context, ln net.Listener, mux *http.ServeMux, ready func(net.Addr)) error {
	srv := newHTTPServer(mux)
	for _, fn := range a.onShutdown {
		srv.RegisterOnShutdown(fn)
	}
	runCtx, stopRun := context.WithCancel(ctx)
	defer stopRun()
	g := &group{errc: make(chan error, 1)}
	g.start("http server", func() error {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	a.log.Info("backbone is serving", "version", currentBuild().Version, "http_addr", ln.Addr().String())
	msrv := a.serveMetrics(g)
	if ready != nil {
		ready(ln.Addr())
	}
	if a.cfg.SlackConfigured() {
		a.startSlack(runCtx, g)
	} else {
		a.log.Warn("Slack is not connected: set SLACK_BOT_TOKEN plus SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) in .env; see README.md, \"Create the Slack app\"")
	}
	err := g.wait(ctx, a.log)
	if msrv != nil {
		_ = msrv.Close()
	}
	shutdown(srv, a.bot, stopRun, &g.wg, a.log)
	return err
}

// serveMetrics serves /metrics on its own listener, when METRICS_ADDR set
// one, and returns its server (nil when none).
func (a *app) serveMetrics(g *group) *http.Server {
	if a.metricsLn == nil {
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.metrics.Handler())
	if a.cfg.Pprof {
		servePprof(mux)
	}
	srv := newHTTPServer(mux)
	ln := a.metricsLn
	g.start("metrics server", func() error {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	a.log.Info("metrics are served", "metrics_addr", ln.Addr().String(), "path", "/metrics")
	return srv
}

// startSlack connects the transports, the outbox worker and the scheduler.
func (a *app) startSlack(ctx context.Context, g *group) {
	switch {
	case a.cfg.HTTPMode() && !a.cfg.SocketMode() && a.cfg.SlackBotToken != "":
		g.start("slack auth", func() error { return checkAuth(ctx, a.api, a.bot, a.log) })
	case a.cfg.SlackBotToken == "" && a.cfg.MultiWorkspace():
		// Only installed workspaces: each is checked when it installs.
		a.bot.MarkConnected(true)
	}
	if a.cfg.SocketMode() {
		client := socketmode.New(a.api)
		g.start("socket mode", func() error { return a.bot.RunSocketMode(ctx, client) })
	}
	wake := store.ListenOutbox(ctx, a.db.url, a.log)
	worker := outbox.New(a.store, a.clients, a.log, a.now, outbox.Options{MaxPerSecond: a.cfg.SlackMaxSendsPerSecond, Observer: a.metrics,
		Renderers: a.bot.Renderers()})
	g.start("outbox", func() error { return worker.Run(ctx, wake) })
	g.start("directory", func() error { return a.bot.KeepDirectory(ctx, a.gate.SetTeam) })
	g.start("scheduler", func() error { a.sched.Start(ctx); return nil })
}

// group runs the program's long-lived parts and keeps the first failure.
type group struct {
	wg   sync.WaitGroup
	errc chan error
}

func (g *group) start(name string, fn func() error) {
	g.wg.Go(func() {
		if err := fn(); err != nil {
			select {
			case g.errc <- fmt.Errorf("%s: %w", name, err):
			default:
			}
		}
	})
}

// wait returns when ctx ends (nil) or a part fails (its error).
func (g *group) wait(ctx context.Context, log *slog.Logger) error {
	select {
	case <-ctx.Done():
		log.Info("shutting down")
		return nil
	case err := <-g.errc:
		log.Error("shutting down after a failure", "err", err)
		return err
	}
}

// checkAuth confirms the bot token in HTTP mode, where no connection
// tells us Slack is reachable.
func checkAuth(ctx context.Context, api *slack.Client, b *bot.Bot, log *slog.Logger) error {
	resp, err := api.AuthTestContext(ctx)
	if err != nil {
		log.Error(authProblem(err), "err", err)
		return nil
	}
	log.Info("Slack HTTP mode ready", "team_id", resp.TeamID, "bot_user_id", resp.UserID)
	b.MarkConnected(true)
	return nil
}

// authProblem says what auth.test's failure means: Slack answered and
// refused the token, or Slack could not be reached at all (DNS, network,
// proxy), which no token change would fix.
func authProblem(err error) string {
	var slackErr slack.SlackErrorResponse
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.As(err, &slackErr) && slices.Contains([]string{"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}, slackErr.Err):
		return "Slack refused the bot token (" + slackErr.Err + "): check SLACK_BOT_TOKEN"
	case errors.As(err, &dnsErr):
		return "Slack is unreachable: its address could not be resolved (DNS); check this machine's network and SLACK_API_URL"
	case errors.As(err, &netErr):
		return "Slack is unreachable: the connection failed or timed out; check this machine's network, proxy and SLACK_API_URL"
	}
	return "Slack's auth.test failed; HTTP mode waits for it"
}

// routes are the HTTP endpoints every mode serves.
func (a *app) routes() *http.ServeMux {
	mux := http.NewServeMux()
	ops := opsHandler(a.store, a.bot, a.cfg.SlackConfigured())
	mux.Handle("/healthz", ops)
	mux.Handle("/readyz", ops)
	if a.cfg.HTTPMode() {
		mux.Handle("/slack/", a.bot.HTTPHandler())
	}
	return mux
}

func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
}

// shutdown stops taking work, then lets in-flight handlers and sends finish
// within shutdownGrace.
func shutdown(srv *http.Server, b *bot.Bot, stopRun context.CancelFunc, wg *sync.WaitGroup, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		log.Warn("http server did not stop cleanly", "err", err)
	}
	stopRun()
	if err := b.Shutdown(ctx); err != nil {
		log.Warn("some handlers were still running at shutdown", "err", err)
	}
	wg.Wait()
}
