package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/bot"
)

// manifest is the part of a Slack app manifest the tests check, with the
// key names Slack documents.
type manifest struct {
	Features struct {
		SlashCommands []struct {
			Command      string `json:"command"`
			URL          string `json:"url"`
			ShouldEscape *bool  `json:"should_escape"`
		} `json:"slash_commands"`
		BotUser struct {
			DisplayName string `json:"display_name"`
		} `json:"bot_user"`
	} `json:"features"`
	Settings struct {
		EventSubscriptions struct {
			RequestURL string `json:"request_url"`
		} `json:"event_subscriptions"`
		Interactivity struct {
			RequestURL string `json:"request_url"`
		} `json:"interactivity"`
		SocketModeEnabled *bool `json:"socket_mode_enabled"`
	} `json:"settings"`
}

func TestManifest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		socketMode bool
		urlPrefix  string // of every request URL; "" wants none
		botName    string
	}{
		{"socket mode", nil, true, "", "Backbone"},
		{"http mode", []string{"--http-url", "https://x.example"}, false, "https://x.example/slack/", "Backbone"},
		{"named", []string{"--name", "Spine", "--http-url", "https://x.example"}, false, "https://x.example/slack/", "Spine"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, nil, append([]string{"manifest"}, tt.args...)...)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			m := decodeManifest(t, r.stdout)
			checkCommands(t, m)
			if m.Settings.SocketModeEnabled == nil || *m.Settings.SocketModeEnabled != tt.socketMode {
				t.Errorf("socket_mode_enabled = %v, want %v", deref(m.Settings.SocketModeEnabled), tt.socketMode)
			}
			if m.Features.BotUser.DisplayName != tt.botName {
				t.Errorf("bot display_name = %q, want %q", m.Features.BotUser.DisplayName, tt.botName)
			}
			urls := []string{m.Settings.EventSubscriptions.RequestURL, m.Settings.Interactivity.RequestURL}
			for _, c := range m.Features.SlashCommands {
				urls = append(urls, c.URL)
			}
			for _, u := range urls {
				if (tt.urlPrefix == "" && u != "") || !strings.HasPrefix(u, tt.urlPrefix) {
					t.Errorf("request URL %q, want prefix %q (none for Socket Mode)", u, tt.urlPrefix)
				}
			}
		})
	}
}

func decodeManifest(t *testing.T, out string) manifest {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	var m manifest
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("manifest is not JSON: %v\n%s", err, out)
	}
	if dec.More() {
		t.Fatalf("more than one JSON value:\n%s", out)
	}
	return m
}

// checkCommands wants exactly bot.Commands(), in order, all escaped.
func checkCommands(t *testing.T, m manifest) {
	t.Helper()
	var got, want []string
	for _, c := range m.Features.SlashCommands {
		got = append(got, c.Command)
		if c.ShouldEscape == nil || !*c.ShouldEscape {
			t.Errorf("%s: should_escape = %v, want true", c.Command, deref(c.ShouldEscape))
		}
	}
	for _, c := range bot.Commands() {
		want = append(want, c.Name)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("slash commands = %q, want %q", got, want)
	}
}

func deref(b *bool) any {
	if b == nil {
		return "missing"
	}
	return *b
}

func TestManifestBadFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--bogus"}, {"--http-url"}, {"--name"}, {"https://x.example"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			r := run(t, nil, append([]string{"manifest"}, args...)...)
			if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "usage: backbone manifest") {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, usage", r.code, r.stdout, r.stderr)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"version", "--version"} {
		t.Run(arg, func(t *testing.T) {
			t.Parallel()
			r := run(t, nil, arg)
			want := fmt.Sprintf("backbone %s (commit %s, %s)\n", testVersion, testCommit, runtime.Version())
			if r.code != 0 || r.stdout != want || r.stderr != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 0, %q", r.code, r.stdout, r.stderr, want)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	t.Run("help", func(t *testing.T) {
		t.Parallel()
		r := run(t, nil, "help")
		if r.code != 0 || !strings.HasPrefix(r.stdout, "Usage: backbone") || r.stderr != "" {
			t.Errorf("exit %d, stdout %q, stderr %q; want 0 and usage on stdout", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("unknown command", func(t *testing.T) {
		t.Parallel()
		r := run(t, nil, "frobnicate")
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, `unknown command "frobnicate"`) ||
			!strings.Contains(r.stderr, "Usage: backbone") {
			t.Errorf("exit %d, stdout %q, stderr %q; want 2 and usage on stderr", r.code, r.stdout, r.stderr)
		}
	})
}

func TestInvalidConfiguration(t *testing.T) {
	t.Parallel()
	bad := map[string]string{
		"SLACK_BOT_TOKEN": "xoxp-SECRETVALUE",
		"COALITION_TZ":    "Mars/Base",
		"LOG_LEVEL":       "loud",
		"HTTP_ADDR":       "nonsense",
	}
	tests := []struct {
		name   string
		args   []string
		env    map[string]string
		dotenv string   // .env in the working directory
		want   []string // variables the message names
		fine   []string // variables it must not name
	}{
		{"serve", []string{"serve"}, bad, "", []string{"SLACK_BOT_TOKEN", "COALITION_TZ", "LOG_LEVEL", "HTTP_ADDR"}, nil},
		{"default command", nil, bad, "", []string{"SLACK_BOT_TOKEN", "COALITION_TZ", "LOG_LEVEL", "HTTP_ADDR"}, nil},
		{"migrate", []string{"migrate"}, bad, "", []string{"SLACK_BOT_TOKEN", "COALITION_TZ", "LOG_LEVEL", "HTTP_ADDR"}, nil},
		{".env file under the environment", []string{"serve"}, map[string]string{"LOG_LEVEL": "info"},
			"SLACK_APP_TOKEN=xoxb-SECRETVALUE\nDATABASE_URL=mysql://root:SECRETVALUE@db/x\nBACKBONE_ADMINS=maria\nLOG_LEVEL=loud\n",
			[]string{"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "DATABASE_URL", "BACKBONE_ADMINS"}, []string{"LOG_LEVEL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if tt.dotenv != "" {
				if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(tt.dotenv), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			r := runIn(t, dir, tt.env, tt.args...)
			checkConfigError(t, r, tt.want)
			for _, name := range tt.fine {
				if strings.Contains(r.stderr, name) {
					t.Errorf("message names %s, set correctly in the environment:\n%s", name, r.stderr)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "data")); err == nil {
				t.Errorf("DATA_DIR ./data was created despite the invalid configuration")
			}
		})
	}
}

// checkConfigError wants exit status 2 and one message on stderr naming
// every variable in names and no secret.
func checkConfigError(t *testing.T, r result, names []string) {
	t.Helper()
	if r.code != 2 || r.stdout != "" {
		t.Errorf("exit %d, stdout %q; want 2 and nothing", r.code, r.stdout)
	}
	if n := strings.Count(r.stderr, "invalid configuration"); n != 1 || !strings.HasPrefix(r.stderr, "invalid configuration") {
		t.Errorf("stderr should be one configuration message:\n%s", r.stderr)
	}
	for _, name := range names {
		if !strings.Contains(r.stderr, name) {
			t.Errorf("message does not name %s:\n%s", name, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "SECRETVALUE") {
		t.Errorf("message prints a secret:\n%s", r.stderr)
	}
}

// backbone doctor without any configuration says so and exits 1.
func TestDoctorWithoutConfiguration(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "doctor")
	if r.code != 1 || !strings.Contains(r.stdout, "✗ configuration: Slack is not configured") || !strings.Contains(r.stdout, "- clock: fix the configuration first") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1 and the configuration check failed", r.code, r.stdout, r.stderr)
	}
}
