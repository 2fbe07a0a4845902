package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot"
	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// doctorBundle is a healthy install: a migrated database with a coalition
// posting to a steering channel and a working group's, and a fake Slack
// whose bot token holds the manifest's scopes and is in both channels.
type doctorBundle struct {
	fake  *slacktest.Server
	store *store.Store
	env   map[string]string
	args  []string
}

func doctorSetup(t *testing.T) *doctorBundle {
	t.Helper()
	fake := slacktest.New(t)
	fake.SetScopes(bot.BuildManifest("Backbone", "").OAuthConfig.Scopes.Bot...)
	fake.AddChannel(slacktest.Channel{ID: "C0STEER", Name: "steering", BotIsMember: true})
	fake.AddChannel(slacktest.Channel{ID: "C0GROUP", Name: "parent-education", BotIsMember: true})
	dbURL := storetest.NewURL(t)
	db, err := store.Open(t.Context(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	st := store.New(db)
	team, ctx := fake.Options().TeamID, t.Context()
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SaveCoalition(ctx, store.Coalition{TeamID: team, Name: "Valley", Timezone: "America/Chicago", SteeringChannel: "C0STEER"}); err != nil {
			return err
		}
		_, err := tx.AddGroup(ctx, store.WorkingGroup{TeamID: team, Name: "Parent education", ChannelID: "C0GROUP", LeadUserID: "U0LEAD"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	o := fake.Options()
	return &doctorBundle{fake: fake, store: st, env: map[string]string{
		"DATABASE_URL":    dbURL,
		"SLACK_BOT_TOKEN": o.BotToken,
		"SLACK_APP_TOKEN": o.AppToken,
		"SLACK_API_URL":   fake.APIURL(),
		"COALITION_TZ":    "America/New_York",
	}}
}

// run runs the doctor and returns its exit status, its output and the
// checks it failed.
func (b *doctorBundle) run(t *testing.T) (int, string, []string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runDoctor(t.Context(), func(k string) string { return b.env[k] }, b.args, &out, &errOut)
	var fails []string
	for _, line := range strings.Split(out.String(), "\n") {
		if name, ok := strings.CutPrefix(line, "✗ "); ok {
			name, _, _ = strings.Cut(name, ":")
			fails = append(fails, name)
		}
	}
	return code, out.String() + errOut.String(), fails
}

// httpMode switches the install to HTTP mode, served by a bot whose
// signing secret is servedSecret, and returns the server's URL.
func (b *doctorBundle) httpMode(t *testing.T, servedSecret string) string {
	t.Helper()
	delete(b.env, "SLACK_APP_TOKEN")
	b.env["SLACK_SIGNING_SECRET"] = b.fake.Options().SigningSecret
	api := slack.New(b.fake.Options().BotToken, slack.OptionAPIURL(b.fake.APIURL()))
	bt := bot.New(bot.Deps{Store: b.store, API: api, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: time.Now, SigningSecret: servedSecret})
	srv := httptest.NewServer(bt.HTTPHandler())
	t.Cleanup(srv.Close)
	return srv.URL
}

// closedAddr is a local address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestDoctor runs the doctor on a healthy install, then with each fault
// injected once: it fails exactly the check that fault concerns (and skips
// what depends on it), says what to do, and exits 1.
func TestDoctor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault func(t *testing.T, b *doctorBundle)
		fails []string
		says  string
	}{
		{"healthy, Socket Mode", func(*testing.T, *doctorBundle) {}, nil, "All 8 checks passed"},
		{"healthy, HTTP mode", func(t *testing.T, b *doctorBundle) {
			b.args = []string{"--public-url", b.httpMode(t, b.fake.Options().SigningSecret)}
		}, nil, "HTTP mode answers at http://"},
		{"configuration incomplete", func(_ *testing.T, b *doctorBundle) { delete(b.env, "SLACK_BOT_TOKEN") },
			[]string{"configuration"}, "SLACK_BOT_TOKEN is required"},
		{"database unreachable", func(t *testing.T, b *doctorBundle) {
			b.env["DATABASE_URL"] = "postgres://backbone:pw@" + closedAddr(t) + "/backbone?sslmode=disable"
		}, []string{"database"}, "Check DATABASE_URL"},
		{"database not migrated", func(t *testing.T, b *doctorBundle) {
			b.store.DB().MustExec(`DELETE FROM goose_db_version WHERE version_id = (SELECT max(version_id) FROM goose_db_version)`)
		}, []string{"database"}, "run `backbone migrate`"},
		{"bot token refused", func(_ *testing.T, b *doctorBundle) { b.env["SLACK_BOT_TOKEN"] = "xoxb-revoked" },
			[]string{"slack token"}, "invalid_auth"},
		{"scope missing", func(_ *testing.T, b *doctorBundle) {
			b.fake.SetScopes(slices.DeleteFunc(bot.BuildManifest("Backbone", "").OAuthConfig.Scopes.Bot, func(s string) bool { return s == "files:read" })...)
		}, []string{"slack scopes"}, "missing files:read"},
		{"unneeded scope", func(_ *testing.T, b *doctorBundle) {
			b.fake.SetScopes(append(bot.BuildManifest("Backbone", "").OAuthConfig.Scopes.Bot, "channels:history")...)
		}, []string{"slack scopes"}, "not needed channels:history"},
		{"socket mode refused", func(_ *testing.T, b *doctorBundle) { b.env["SLACK_APP_TOKEN"] = "xapp-revoked" },
			[]string{"slack connection"}, "Slack refused SLACK_APP_TOKEN"},
		{"http endpoint down", func(t *testing.T, b *doctorBundle) {
			b.httpMode(t, b.fake.Options().SigningSecret)
			b.args = []string{"--public-url", "http://" + closedAddr(t)}
		}, []string{"slack connection"}, "nothing answers"},
		{"http signing secret differs", func(t *testing.T, b *doctorBundle) {
			b.args = []string{"--public-url", b.httpMode(t, "another-secret")}
		}, []string{"slack connection"}, "runs with another secret"},
		{"bot not in a channel", func(_ *testing.T, b *doctorBundle) {
			b.fake.AddChannel(slacktest.Channel{ID: "C0GROUP", Name: "parent-education"})
		}, []string{"channels"}, "not a member of working group Parent education's channel #parent-education"},
		{"unknown timezone", func(_ *testing.T, b *doctorBundle) {
			b.store.DB().MustExec(`UPDATE coalitions SET timezone = 'Mars/Olympus'`)
		}, []string{"timezones"}, `"Mars/Olympus"`},
		{"clock skewed", func(_ *testing.T, b *doctorBundle) { b.fake.SetClockSkew(-10 * time.Minute) },
			[]string{"clock"}, "10m0s ahead of Slack's"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := doctorSetup(t)
			tt.fault(t, b)
			code, out, fails := b.run(t)
			wantCode := 0
			if len(tt.fails) > 0 {
				wantCode = 1
			}
			if code != wantCode || !slices.Equal(fails, tt.fails) || !strings.Contains(out, tt.says) {
				t.Errorf("exit %d, failed %v; want exit %d, failed %v, saying %q:\n%s", code, fails, wantCode, tt.fails, tt.says, out)
			}
			for _, secret := range []string{b.fake.Options().BotToken, b.fake.Options().AppToken, b.fake.Options().SigningSecret, "xoxb-revoked", "xapp-revoked", ":pw@"} {
				if strings.Contains(out, secret) {
					t.Errorf("the output shows a secret (%s):\n%s", secret, out)
				}
			}
		})
	}
}

// The doctor's own command line: an unknown flag is a usage mistake.
func TestDoctorUsage(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := runDoctor(context.Background(), func(string) string { return "" }, []string{"--frobnicate"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "usage") {
		t.Errorf("exit %d, stderr %q; want 2 and the usage", code, errOut.String())
	}
}
