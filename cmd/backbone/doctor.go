package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/backbone-coalition/backbone/config"
	"github.com/backbone-coalition/backbone/migrations"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/pgcluster"
)

// maxClockSkew is the largest difference with Slack's clock the doctor
// accepts. Slack refuses signed requests five minutes off, and reminders
// are due to the minute; a machine keeping time with NTP is within a second.
const maxClockSkew = 10 * time.Second

// doctorTimeout bounds each check's network and database calls.
const doctorTimeout = 10 * time.Second

// verdict is the outcome of one check.
type verdict struct {
	name string
	// state is "ok", "fail" or "skip".
	state string
	// say is what was found and, for a failure, what to do about it.
	say string
}

func pass(name, format string, args ...any) verdict {
	return verdict{name: name, state: "ok", say: fmt.Sprintf(format, args...)}
}

func failed(name, format string, args ...any) verdict {
	return verdict{name: name, state: "fail", say: fmt.Sprintf(format, args...)}
}

func skipped(name, why string) verdict { return verdict{name: name, state: "skip", say: why} }

// doctor checks an install: each check reads the configuration, the
// database or Slack, and none changes anything (but for starting and
// stopping an embedded database that is not running).
type doctor struct {
	cfg       config.Config
	log       *slog.Logger
	http      *http.Client
	now       func() time.Time
	publicURL string

	db     *database
	store  *store.Store
	auth   authInfo
	authOK bool
}

// runDoctor is `backbone doctor [--public-url URL]`: it prints one line per
// check and returns 0 only when every check passed, 1 otherwise, 2 for a
// mistake in the command line.
func runDoctor(ctx context.Context, getenv func(string) string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("doctor", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	publicURL := fs.String("public-url", "", "the public https address Slack sends HTTP-mode requests to")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "backbone doctor: usage: backbone doctor [--public-url https://bot.example.org]")
		return 2
	}
	d := &doctor{log: slog.New(slog.DiscardHandler), http: &http.Client{Timeout: doctorTimeout}, now: time.Now, publicURL: *publicURL}
	defer d.close()
	results := d.run(ctx, getenv)
	return report(stdout, results)
}

// run runs every check in order; a check whose prerequisite failed is
// skipped, saying which.
func (d *doctor) run(ctx context.Context, getenv func(string) string) []verdict {
	cfgVerdict := d.checkConfig(getenv)
	out := []verdict{cfgVerdict}
	if cfgVerdict.state != "ok" {
		for _, name := range []string{"database", "slack token", "slack scopes", "slack connection", "channels", "timezones", "clock"} {
			out = append(out, skipped(name, "fix the configuration first"))
		}
		return out
	}
	out = append(out, d.checkDatabase(ctx))
	out = append(out, d.checkToken(ctx)...)
	out = append(out, d.checkConnection(ctx))
	out = append(out, d.checkChannels(ctx), d.checkTimezones(ctx), d.checkClock())
	return out
}

// report prints the verdicts and a summary, and returns the exit status.
func report(w io.Writer, results []verdict) int {
	mark := map[string]string{"ok": "✓", "fail": "✗", "skip": "-"}
	counts := map[string]int{}
	for _, r := range results {
		counts[r.state]++
		fmt.Fprintf(w, "%s %s: %s\n", mark[r.state], r.name, r.say)
	}
	if counts["fail"] == 0 && counts["skip"] == 0 {
		fmt.Fprintf(w, "\nAll %d checks passed.\n", counts["ok"])
		return 0
	}
	fmt.Fprintf(w, "\n%d passed, %d failed, %d skipped: fix what ✗ says, then run backbone doctor again.\n",
		counts["ok"], counts["fail"], counts["skip"])
	return 1
}

func (d *doctor) close() {
	if d.db != nil {
		d.db.close(d.log)
	}
}

// checkConfig parses the configuration as serve would.
func (d *doctor) checkConfig(getenv func(string) string) verdict {
	cfg, err := config.Parse(getenv)
	var ce *config.Error
	switch {
	case errors.As(err, &ce):
		return failed("configuration", "%d problems (in the environment or .env):\n    - %s", len(ce.Problems), joinLines(ce.Problems))
	case err != nil:
		return failed("configuration", "%v", err)
	case !cfg.SlackConfigured():
		return failed("configuration", "Slack is not configured: set SLACK_BOT_TOKEN, and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode); see README.md, \"Create the Slack app\"")
	}
	d.cfg = cfg
	return pass("configuration", "complete (%s, %s database)", transports(cfg), map[bool]string{true: "embedded", false: "external"}[cfg.EmbeddedDatabase()])
}

func transports(cfg config.Config) string {
	switch {
	case cfg.SocketMode() && cfg.HTTPMode():
		return "Socket Mode and HTTP mode"
	case cfg.SocketMode():
		return "Socket Mode"
	}
	return "HTTP mode"
}

func joinLines(lines []string) string {
	out := ""
	for i, l := range lines {
		if i > 0 {
			out += "\n    - "
		}
		out += l
	}
	return out
}

// checkDatabase connects without migrating, and compares the migrations
// applied with those this build carries.
func (d *doctor) checkDatabase(ctx context.Context) verdict {
	ctx, cancel := context.WithTimeout(ctx, 3*doctorTimeout)
	defer cancel()
	if d.cfg.EmbeddedDatabase() {
		dir := filepath.Join(d.cfg.DataDir, "postgres")
		if _, err := os.Stat(dir); err != nil {
			return failed("database", "no embedded database under %s yet: run `backbone migrate` once (or set DATABASE_URL to use your own PostgreSQL)", dir)
		}
	}
	db, err := connectDatabase(ctx, d.cfg, d.log)
	if err != nil {
		return failed("database", "unreachable: %v. %s", err, databaseAdvice(d.cfg))
	}
	d.db, d.store = db, store.New(db.db)
	current, latest, pending, err := migrations.Status(ctx, db.db.DB, d.log)
	switch {
	case err != nil:
		return failed("database", "reachable, but its migrations could not be read: %v; run `backbone migrate`", err)
	case pending:
		return failed("database", "reachable, but not migrated: at version %d, this build needs %d; run `backbone migrate` (serve also migrates at start)", current, latest)
	}
	return pass("database", "reachable and migrated (version %d)", current)
}

func databaseAdvice(cfg config.Config) string {
	if cfg.EmbeddedDatabase() {
		return fmt.Sprintf("The embedded database under %s may be held by a running backbone: the doctor checks it only while backbone is stopped", filepath.Join(cfg.DataDir, "postgres"))
	}
	return "Check DATABASE_URL's host, port, user, password and database name, and that PostgreSQL accepts connections from this machine"
}

// connectDatabase opens the database as openDatabase does, without
// applying migrations.
func connectDatabase(ctx context.Context, cfg config.Config, log *slog.Logger) (*database, error) {
	d := &database{url: cfg.DatabaseURL.Reveal()}
	if cfg.EmbeddedDatabase() {
		cluster, err := pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(cfg.DataDir, "postgres"), Log: log, Database: "backbone"})
		if err != nil {
			return nil, fmt.Errorf("start embedded database: %w", err)
		}
		d.cluster, d.url = cluster, cluster.URL("backbone")
	}
	db, err := store.Open(ctx, d.url)
	if err != nil {
		d.close(log)
		return nil, err
	}
	d.db = db
	return d, nil
}
