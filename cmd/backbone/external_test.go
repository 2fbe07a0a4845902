package main_test

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/lib/pq"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/migrations"
	"github.com/backbone-coalition/backbone/store/storetest"
)

const (
	adminID   = "U0ADMIN"
	generalID = "C0GENERAL"
)

// TestServeSocketMode runs backbone on its own database against the fake
// Slack in Socket Mode: it gets ready, answers a slash command, stops
// cleanly on SIGTERM and never logs a token.
func TestServeSocketMode(t *testing.T) {
	t.Parallel()
	fake := slacktest.New(t)
	fake.AddUser(slacktest.User{ID: adminID, Name: "ana", RealName: "Ana Staff", TZ: "America/New_York", TZOffset: -18000})
	fake.AddChannel(slacktest.Channel{ID: generalID, Name: "general", Members: []string{adminID}, BotIsMember: true})
	o := fake.Options()
	env := map[string]string{
		"DATABASE_URL":    storetest.NewURL(t),
		"DATA_DIR":        t.TempDir(), // unused with DATABASE_URL
		"HTTP_ADDR":       "127.0.0.1:0",
		"SLACK_BOT_TOKEN": o.BotToken,
		"SLACK_APP_TOKEN": o.AppToken,
		"SLACK_API_URL":   fake.APIURL(),
		"BACKBONE_ADMINS": adminID,
		"LOG_LEVEL":       "debug", // the most output, the most chances to leak
	}

	p := start(t, "backbone serve", t.TempDir(), env, "serve")
	p.waitHTTP(p.baseURL()+"/readyz", 200, startTimeout)
	t.Logf("/readyz OK %v after start", time.Since(p.started))
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := fake.WaitConnected(ctx); err != nil {
		t.Fatalf("ready but not connected to Slack: %v", err)
	}
	help := slashCommand(ctx, t, fake, "/coalition", "help")
	if help.Text != "Backbone commands" || !strings.Contains(string(help.Blocks), "/backbone") {
		t.Errorf("/coalition help answered %q with blocks %s", help.Text, help.Blocks)
	}

	took := p.stop(syscall.SIGTERM)
	t.Logf("exit 0 %v after SIGTERM", took)
	logs := p.stdout.String() + p.stderr.String()
	for _, secret := range []string{"xox", "xapp-", o.BotToken, o.AppToken, password(t, env["DATABASE_URL"])} {
		if strings.Contains(logs, secret) {
			t.Errorf("output contains %q", secret)
		}
	}
}

// slashCommand sends a slash command from adminID in generalID and returns
// the answer posted to its response_url.
func slashCommand(ctx context.Context, t *testing.T, fake *slacktest.Server, command, text string) slacktest.Message {
	t.Helper()
	if _, err := fake.SlashCommand(ctx, slacktest.Slash{UserID: adminID, ChannelID: generalID, Command: command, Text: text}); err != nil {
		t.Fatalf("%s %s: %v", command, text, err)
	}
	m, err := fake.WaitMessage(ctx, func(m slacktest.Message) bool { return m.ViaResponseURL && m.User == adminID })
	if err != nil {
		t.Fatalf("%s %s: no answer through the response_url: %v\nmessages: %+v", command, text, err, fake.Messages())
	}
	return m
}

// TestMigrateExternalDatabase migrates an empty database, then again.
func TestMigrateExternalDatabase(t *testing.T) {
	t.Parallel()
	dbURL := storetest.NewURL(t)
	db := openDB(t, dbURL)
	defer db.Close()
	// storetest's databases come migrated: start from an empty one.
	if _, err := db.ExecContext(t.Context(), `DROP SCHEMA public CASCADE; CREATE SCHEMA public`); err != nil {
		t.Fatal(err)
	}
	files, latest := migrationFiles(t)
	env := map[string]string{"DATABASE_URL": dbURL, "DATA_DIR": t.TempDir()}
	for run, applied := range []int{files, 0} {
		t.Run(fmt.Sprintf("run %d", run+1), func(t *testing.T) {
			r := runMigrate(t, env)
			if got := strings.Count(r.stderr, `msg="migration applied"`); got != applied {
				t.Errorf("%d migrations applied, want %d", got, applied)
			}
			if want := fmt.Sprintf(`msg="database is up to date" version=%d`, latest); !strings.Contains(r.stderr, want) {
				t.Errorf("log does not say %s", want)
			}
		})
	}
	var n int
	if err := db.QueryRowContext(t.Context(), `SELECT count(*) FROM outbox`).Scan(&n); err != nil {
		t.Errorf("the migrated database has no usable outbox table: %v", err)
	}
}

func runMigrate(t *testing.T, env map[string]string) result {
	t.Helper()
	r := run(t, env, "migrate")
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q; want 0 and nothing", r.code, r.stdout)
	}
	if strings.Contains(r.stderr, "level=ERROR") || strings.Contains(r.stderr, "level=WARN") {
		t.Errorf("migrate complained:\n%s", r.stderr)
	}
	return r
}

// migrationFiles returns how many migrations the binary embeds and the
// newest version.
func migrationFiles(t *testing.T) (n int, latest int64) {
	t.Helper()
	names, err := fs.Glob(migrations.FS(), "*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("no migrations: %v", err)
	}
	for _, name := range names {
		prefix, _, _ := strings.Cut(name, "_")
		v, err := strconv.ParseInt(prefix, 10, 64)
		if err != nil {
			t.Fatalf("migration %s: %v", name, err)
		}
		latest = max(latest, v)
	}
	return len(names), latest
}

// password returns the password in a database URL.
func password(t *testing.T, dsn string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	pw, ok := u.User.Password()
	if !ok || pw == "" {
		t.Fatalf("no password in the database URL")
	}
	return pw
}

func openDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	return db
}
