package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"

	"github.com/backbone-coalition/backbone/bot"
	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/config"
	"github.com/backbone-coalition/backbone/sandbox"
)

// runSandbox runs the real bot, over Socket Mode, against a fake Slack on
// this machine, with a web page playing the Slack client, a simulated clock
// and the demo coalition. It uses serve's wiring; only the clock, the Slack
// endpoint and the extra page differ.
func runSandbox(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	cfg, clock, err := openSandbox(cfg, log)
	if err != nil {
		return err
	}
	fake := slacktest.NewServer(slacktest.Options{TeamID: sandbox.TeamID, TeamDomain: "valley-youth", Now: clock.Now,
		Violations: func(err error) { log.Warn("the fake Slack refused what the bot sent", "err", err) }})
	defer fake.Close()
	sandbox.RegisterDemo(fake, clock.Now())
	cfg = withFakeSlack(cfg, fake)
	prepare := func(ctx context.Context, a *app, mux *http.ServeMux) error {
		if err := seedIfEmpty(ctx, a, log); err != nil {
			return err
		}
		page := sandbox.New(sandbox.Deps{Slack: fake, Store: a.store, Clock: clock, Ticker: a.sched,
			Commands: sandboxCommands(), DefaultTZ: cfg.CoalitionTZ, Log: log,
			SignIn: func(teamID, userID string) (string, error) { return a.web.Link(teamID, userID, a.now()) }})
		a.onShutdown = append(a.onShutdown, page.Close)
		mux.Handle("/", page)
		return nil
	}
	ready := func(addr net.Addr) {
		fmt.Fprintf(stdout, "\nBackbone sandbox: open %s in your browser. Ctrl-C stops it.\n\n", pageURL(addr))
	}
	return runService(ctx, cfg, log, service{now: clock.Now, prepare: prepare, ready: ready})
}

// openSandbox points the configuration at the sandbox's own data,
// $DATA_DIR/sandbox, so that it never mixes with a real coalition's, and
// opens the sandbox's clock there.
func openSandbox(cfg config.Config, log *slog.Logger) (config.Config, *sandbox.Clock, error) {
	if !cfg.EmbeddedDatabase() {
		log.Info("the sandbox ignores DATABASE_URL: it keeps its own embedded database")
	}
	if cfg.SlackConfigured() {
		log.Info("the sandbox ignores the Slack variables: it talks to its own fake Slack")
	}
	cfg.DataDir, cfg.DatabaseURL = filepath.Join(cfg.DataDir, "sandbox"), ""
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return cfg, nil, fmt.Errorf("create the sandbox's DATA_DIR: %w", err)
	}
	clock, err := sandbox.OpenClock(filepath.Join(cfg.DataDir, "clock"))
	return cfg, clock, err
}

// withFakeSlack connects the configuration to the fake over Socket Mode.
func withFakeSlack(cfg config.Config, fake *slacktest.Server) config.Config {
	o := fake.Options()
	cfg.SlackBotToken, cfg.SlackAppToken = config.Secret(o.BotToken), config.Secret(o.AppToken)
	cfg.SlackSigningSecret, cfg.SlackAPIURL = "", fake.APIURL()
	return cfg
}

func seedIfEmpty(ctx context.Context, a *app, log *slog.Logger) error {
	seeded, err := sandbox.SeedDemo(ctx, a.store, a.now())
	if seeded {
		log.Info("the sandbox was empty: wrote the demo coalition", "data_dir", a.cfg.DataDir)
	}
	return err
}

// sandboxCommands are the app's slash commands, for the page's message box.
func sandboxCommands() []sandbox.Command {
	var out []sandbox.Command
	for _, c := range bot.Commands() {
		out = append(out, sandbox.Command{Name: c.Name, Description: c.Description, UsageHint: c.UsageHint})
	}
	return out
}

// pageURL is the page's address, on loopback when listening everywhere.
func pageURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + "/"
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}
