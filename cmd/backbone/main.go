// Command backbone runs the Backbone Slack bot and its operator tools.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	// The timezone database, for machines and images without one (a
	// container from scratch): every coalition and member has a timezone.
	_ "time/tzdata"

	"github.com/joho/godotenv"

	"github.com/backbone-coalition/backbone/bot"
	"github.com/backbone-coalition/backbone/config"
)

const usage = `Usage: backbone [command]

Commands:
  serve      run the bot against Slack
  sandbox    run the bot against a fake Slack on this machine, with a web
             page playing the Slack client and a demo coalition
  demo seed [--size small|medium|large] [--team T…]
             write the demo coalition into an empty sandbox database; or,
             with medium or large, generate a coalition at scale into the
             database serve uses (DATABASE_URL or the embedded one)
  migrate    apply database migrations and exit
  import KIND FILE [--dry-run] [--team T…] [--as U…]
             import a CSV file of partners, groups, members, indicators or
             reports: prints what is added, updated, unchanged and refused
             (with line numbers), then imports in one transaction
  export DIR [--team T…]
             write every table the coalition owns as CSV files into DIR, in
             the formats import reads
  job run JOB [--at TIME] [--team T…]
             run one scheduled job for a logical time (default now), through
             the same once-only ledger as the schedule
  team list  list the workspaces that installed Backbone with Add to Slack
  team delete TEAM_ID
             delete every row of a workspace at once (its coalition,
             people, commitments, figures, messages, installation)
  rotate-key re-encrypt the workspaces' tokens under TOKEN_ENCRYPTION_KEY;
             run with the previous key in TOKEN_ENCRYPTION_KEY_OLD
  manifest   print the Slack app manifest as JSON (--http-url URL for HTTP
             mode; with SLACK_CLIENT_ID set it adds the OAuth redirect URL)
  doctor [--public-url URL]
             check this install and say what to fix: configuration,
             database, token and scopes, Socket Mode or HTTP, channels,
             timezones, clock; exit status 0 only when all pass
  version    print the version and commit of this build

Without a command: serve when a Slack transport is configured
(SLACK_APP_TOKEN or SLACK_SIGNING_SECRET), else sandbox.

Configuration comes from the environment and from a .env file in the
working directory; see .env.example.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one subcommand and returns the process exit status:
// 0 success, 1 failure, 2 bad usage or invalid configuration.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := ""
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "version", "--version":
		fmt.Fprintln(stdout, currentBuild())
		return 0
	case "manifest":
		return printManifest(args, stdout, stderr)
	case "doctor":
		if err := godotenv.Load(); err != nil && !errors.Is(err, os.ErrNotExist) {
			fmt.Fprintln(stderr, "backbone doctor: read .env:", err)
			return 1
		}
		return runDoctor(ctx, os.Getenv, args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	case "demo":
		if len(args) < 1 || args[0] != "seed" {
			fmt.Fprintf(stderr, "backbone demo: usage: %s\n", demoUsage)
			return 2
		}
	case "", "serve", "migrate", "sandbox", "job", "team", "rotate-key", "import", "export":
	default:
		fmt.Fprintf(stderr, "backbone: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	cfg, err := loadConfig()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	log := newLogger(stderr, cfg.LogLevel)
	if cmd == "job" {
		return commandExit("job", jobRun(ctx, cfg, log, args, stdout), stderr, log)
	}
	if cmd == "team" {
		return commandExit("team", teamCommand(ctx, cfg, log, args, stdout), stderr, log)
	}
	if cmd == "rotate-key" {
		return commandExit("rotate-key", rotateKey(ctx, cfg, log, stdout), stderr, log)
	}
	if cmd == "import" || cmd == "export" {
		return dataExit(cmd, dataCommand(ctx, cmd, cfg, log, args, stdout), stderr, log)
	}
	if cmd == "demo" {
		return demoExit(seedDemo(ctx, cfg, log, args[1:], stdout), stderr, log)
	}
	if err := runCommand(ctx, commandOrDefault(cmd, cfg), cfg, log, stdout); err != nil {
		log.Error("backbone stopped", "err", err)
		return 1
	}
	return 0
}

// commandExit maps a tool command's error to an exit status: 2 for usage
// mistakes.
func commandExit(name string, err error, stderr io.Writer, log *slog.Logger) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "backbone "+name+":", strings.TrimPrefix(err.Error(), "usage: "))
		return 2
	}
	log.Error(name+" failed", "err", err)
	return 1
}

// commandOrDefault is cmd, or the command to run without one: serve when Slack is
// configured, else the sandbox.
func commandOrDefault(cmd string, cfg config.Config) string {
	switch {
	case cmd != "":
		return cmd
	case cfg.SlackConfigured():
		return "serve"
	}
	return "sandbox"
}

func runCommand(ctx context.Context, cmd string, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	switch cmd {
	case "migrate":
		return migrate(ctx, cfg, log)
	case "sandbox":
		return runSandbox(ctx, cfg, log, stdout)
	}
	return serve(ctx, cfg, log)
}

// loadConfig reads .env (without overriding the environment) and parses.
func loadConfig() (config.Config, error) {
	if err := godotenv.Load(); err != nil && !errors.Is(err, os.ErrNotExist) {
		return config.Config{}, fmt.Errorf("read .env: %w", err)
	}
	return config.Parse(os.Getenv)
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

func printManifest(args []string, stdout, stderr io.Writer) int {
	name, publicURL := "Backbone", ""
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "--http-url" && i+1 < len(args):
			u, err := bot.PublicURL(args[i+1])
			if err != nil {
				fmt.Fprintln(stderr, "backbone manifest: --http-url:", err)
				return 2
			}
			publicURL = u
			i++
		case args[i] == "--name" && i+1 < len(args):
			name = args[i+1]
			i++
		default:
			fmt.Fprintf(stderr, "backbone manifest: unexpected %q; usage: backbone manifest [--name NAME] [--http-url https://your.host]\n", args[i])
			return 2
		}
	}
	m := bot.BuildManifest(name, publicURL)
	// With "Add to Slack" configured (SLACK_CLIENT_ID in the environment or
	// .env), Slack must know where to send installers back.
	_ = godotenv.Load()
	if publicURL != "" && os.Getenv("SLACK_CLIENT_ID") != "" {
		m = m.WithInstall(publicURL)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		fmt.Fprintln(stderr, "backbone manifest:", err)
		return 1
	}
	return 0
}
