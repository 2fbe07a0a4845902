package bot

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// readmeCommands returns the slash commands listed in README.md's
// "Slash commands" table (first column).
func readmeCommands(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../README.md")
	if err != nil {
		t.Fatalf("open README: %v", err)
	}
	defer f.Close()
	row := regexp.MustCompile("^\\|\\s*`(/[a-z-]+)")
	var cmds []string
	inSection := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			inSection = strings.HasPrefix(line, "## Slash commands")
			continue
		}
		if m := row.FindStringSubmatch(line); inSection && m != nil && !slices.Contains(cmds, m[1]) {
			cmds = append(cmds, m[1])
		}
	}
	return cmds
}

func TestManifestCommandsMatchREADME(t *testing.T) {
	t.Parallel()
	raw, err := json.Marshal(BuildManifest("Backbone", ""))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			SlashCommands []struct {
				Command      string `json:"command"`
				ShouldEscape bool   `json:"should_escape"`
			} `json:"slash_commands"`
		} `json:"features"`
		Settings struct {
			SocketModeEnabled bool `json:"socket_mode_enabled"`
		} `json:"settings"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("manifest is not valid JSON: %v", err)
	}
	var got []string
	for _, c := range m.Features.SlashCommands {
		got = append(got, c.Command)
		if !c.ShouldEscape {
			t.Errorf("%s: should_escape is false", c.Command)
		}
	}
	want := readmeCommands(t)
	slices.Sort(got)
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("manifest commands %v, README commands %v", got, want)
	}
	if !m.Settings.SocketModeEnabled {
		t.Error("socket mode is off in the default manifest")
	}
}

func TestEveryCommandHasAHandler(t *testing.T) {
	t.Parallel()
	handlers := New(Deps{}).routes.Commands
	for _, c := range Commands() {
		if _, ok := handlers[c.Name]; !ok {
			t.Errorf("%s is listed but has no handler", c.Name)
		}
		if len(c.Name) < 2 || len(c.Name) > 32 {
			t.Errorf("%s: Slack allows 2-32 characters", c.Name)
		}
	}
	if len(handlers) != len(Commands()) {
		t.Errorf("%d handlers for %d listed commands", len(handlers), len(Commands()))
	}
}

func TestManifestHTTPMode(t *testing.T) {
	t.Parallel()
	m := BuildManifest("Backbone", "https://bot.example.org")
	if m.Settings.SocketModeEnabled {
		t.Error("socket mode on with a public URL")
	}
	if m.Settings.EventSubscriptions.RequestURL != "https://bot.example.org/slack/events" ||
		m.Settings.Interactivity.RequestURL != "https://bot.example.org/slack/interactive" ||
		m.Features.SlashCommands[0].URL != "https://bot.example.org/slack/commands" {
		t.Errorf("HTTP-mode URLs wrong: %+v", m.Settings)
	}
}

func TestPublicURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want, err string }{
		{"https://backbone.example.org", "https://backbone.example.org", ""},
		{"https://backbone.example.org/", "https://backbone.example.org", ""},
		{" https://example.org/coalition/ ", "https://example.org/coalition", ""},
		{"http://backbone.example.org", "", "not https"},
		{"not a url", "", "not an address"},
		{"backbone.example.org", "", "not an address"},
		{"https://example.org/?x=1", "", "query"},
	}
	for _, tt := range tests {
		got, err := PublicURL(tt.in)
		if got != tt.want || (tt.err == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("PublicURL(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// TestManifestAsksOnlyForUsedScopes: no scope the bot does not use (the
// app_mention event and the im:read lookups were never used).
func TestManifestAsksOnlyForUsedScopes(t *testing.T) {
	t.Parallel()
	for _, s := range BuildManifest("Backbone", "").OAuthConfig.Scopes.Bot {
		if s == "app_mentions:read" || s == "im:read" {
			t.Errorf("the manifest asks for %s, which nothing uses", s)
		}
	}
}

// TestManifestAsksForWhatImportsUse: matching members by email needs
// users:read.email (users.lookupByEmail); reading a CSV shared in a DM
// needs files:read and the file_shared event.
func TestManifestAsksForWhatImportsUse(t *testing.T) {
	t.Parallel()
	m := BuildManifest("Backbone", "")
	for _, scope := range []string{"users:read.email", "files:read"} {
		if !slices.Contains(m.OAuthConfig.Scopes.Bot, scope) {
			t.Errorf("the manifest lacks the %s scope", scope)
		}
	}
	if !slices.Contains(m.Settings.EventSubscriptions.BotEvents, "file_shared") {
		t.Error("the manifest does not subscribe to file_shared")
	}
}
