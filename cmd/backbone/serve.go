package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/backbone-coalition/backbone/bot"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/config"
	"github.com/backbone-coalition/backbone/store"
)

// shutdownGrace is how long in-flight handlers and sends may take to finish.
const shutdownGrace = 10 * time.Second

func serve(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	d, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.close(log)
	st := store.New(d.db)
	api := slack.New(cfg.SlackBotToken.Reveal(),
		slack.OptionAppLevelToken(cfg.SlackAppToken.Reveal()),
		slack.OptionAPIURL(cfg.SlackAPIURL),
		slack.OptionHTTPClient(&http.Client{Timeout: 15 * time.Second}),
	)
	b := bot.New(bot.Deps{Store: st, API: api, Log: log, Now: time.Now, SigningSecret: cfg.SlackSigningSecret.Reveal(),
		Admins: cfg.Admins, DefaultTZ: cfg.CoalitionTZ})
	if n, err := st.PromoteAdmins(ctx, cfg.Admins); err != nil {
		return err
	} else if n > 0 {
		log.Info("gave BACKBONE_ADMINS the backbone role", "members", n)
	}

	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on HTTP_ADDR %s: %w", cfg.HTTPAddr, err)
	}
	srv := newHTTPServer(cfg, st, b)
	var wg sync.WaitGroup
	runCtx, stopRun := context.WithCancel(ctx)
	defer stopRun()
	errc := make(chan error, 3)
	start := func(name string, fn func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fn(); err != nil {
				errc <- fmt.Errorf("%s: %w", name, err)
			}
		}()
	}
	start("http server", func() error {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	log.Info("backbone is serving", "version", version, "http_addr", ln.Addr().String())
	if cfg.SlackConfigured() {
		startSlack(runCtx, cfg, api, b, d, st, log, start)
	} else {
		log.Warn("Slack is not connected: set SLACK_BOT_TOKEN plus SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) in .env; see README.md, \"Create the Slack app\"")
	}

	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err = <-errc:
		log.Error("shutting down after a failure", "err", err)
	}
	shutdown(srv, b, stopRun, &wg, log)
	return err
}

// startSlack connects the transports and the outbox worker.
func startSlack(ctx context.Context, cfg config.Config, api *slack.Client, b *bot.Bot, d *database, st *store.Store, log *slog.Logger, start func(string, func() error)) {
	if cfg.HTTPMode() && !cfg.SocketMode() {
		start("slack auth", func() error { return checkAuth(ctx, api, b, log) })
	}
	if cfg.SocketMode() {
		client := socketmode.New(api)
		start("socket mode", func() error { return b.RunSocketMode(ctx, client) })
	}
	wake := store.ListenOutbox(ctx, d.url, log)
	worker := outbox.New(st, api, log, time.Now, outbox.Options{})
	start("outbox", func() error { return worker.Run(ctx, wake) })
}

// checkAuth confirms the bot token in HTTP mode, where no connection
// tells us Slack is reachable.
func checkAuth(ctx context.Context, api *slack.Client, b *bot.Bot, log *slog.Logger) error {
	resp, err := api.AuthTestContext(ctx)
	if err != nil {
		log.Error("Slack refused the bot token: check SLACK_BOT_TOKEN", "err", err)
		return nil
	}
	log.Info("Slack HTTP mode ready", "team_id", resp.TeamID, "bot_user_id", resp.UserID)
	b.MarkConnected(true)
	return nil
}

func newHTTPServer(cfg config.Config, st *store.Store, b *bot.Bot) *http.Server {
	mux := http.NewServeMux()
	mux.Handle("/healthz", opsHandler(st, b, cfg.SlackConfigured()))
	mux.Handle("/readyz", opsHandler(st, b, cfg.SlackConfigured()))
	if cfg.HTTPMode() {
		mux.Handle("/slack/", b.HTTPHandler())
	}
	return &http.Server{
		Handler:           mux,
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
