package config

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParseDefaults(t *testing.T) {
	t.Parallel()
	c, err := Parse(env(nil))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if c.SlackAPIURL != DefaultSlackAPIURL || c.DataDir != "./data" || c.HTTPAddr != "127.0.0.1:8080" {
		t.Errorf("defaults = %q %q %q", c.SlackAPIURL, c.DataDir, c.HTTPAddr)
	}
	if c.SlackMaxSendsPerSecond != DefaultSlackMaxSendsPerSecond {
		t.Errorf("default send rate = %v, want %v", c.SlackMaxSendsPerSecond, DefaultSlackMaxSendsPerSecond)
	}
	if c.MetricsAddr != "" || c.OutboxRetention != 30*24*time.Hour {
		t.Errorf("metrics %q (want off), retention %v (want 30 days)", c.MetricsAddr, c.OutboxRetention)
	}
	if c.CoalitionTZ.String() != "UTC" || c.LogLevel != slog.LevelInfo || c.SlackConfigured() || !c.EmbeddedDatabase() {
		t.Errorf("defaults: tz=%v level=%v slack=%v embedded=%v", c.CoalitionTZ, c.LogLevel, c.SlackConfigured(), c.EmbeddedDatabase())
	}
}

func TestParseValid(t *testing.T) {
	t.Parallel()
	c, err := Parse(env(map[string]string{
		"SLACK_BOT_TOKEN":      "xoxb-1-2-abc",
		"SLACK_APP_TOKEN":      "xapp-1-A-abc",
		"SLACK_SIGNING_SECRET": "s3cret",
		"SLACK_API_URL":        "http://127.0.0.1:9999/api",
		"DATABASE_URL":         "postgres://u:p@localhost/db",
		"COALITION_TZ":         "America/New_York",
		"BACKBONE_ADMINS":      "U01ABC, W02DEF",
		"LOG_LEVEL":            "debug",

		"SLACK_MAX_SENDS_PER_SECOND": "2.5",
		"METRICS_ADDR":               "127.0.0.1:9090",
		"OUTBOX_RETENTION":           "90d",
	}))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if c.MetricsAddr != "127.0.0.1:9090" || c.OutboxRetention != 90*24*time.Hour {
		t.Errorf("metrics %q, retention %v", c.MetricsAddr, c.OutboxRetention)
	}
	if c.SlackAPIURL != "http://127.0.0.1:9999/api/" {
		t.Errorf("api url = %q, want trailing slash added", c.SlackAPIURL)
	}
	if !c.SocketMode() || !c.HTTPMode() || c.EmbeddedDatabase() {
		t.Errorf("modes: socket=%v http=%v embedded=%v", c.SocketMode(), c.HTTPMode(), c.EmbeddedDatabase())
	}
	if c.SlackMaxSendsPerSecond != 2.5 {
		t.Errorf("send rate = %v, want 2.5", c.SlackMaxSendsPerSecond)
	}
	if strings.Join(c.Admins, ",") != "U01ABC,W02DEF" || c.CoalitionTZ.String() != "America/New_York" {
		t.Errorf("admins=%v tz=%v", c.Admins, c.CoalitionTZ)
	}
}

func TestParseListsEveryProblemWithoutSecrets(t *testing.T) {
	t.Parallel()
	_, err := Parse(env(map[string]string{
		"SLACK_BOT_TOKEN":      "xoxp-user-token-SECRET1",
		"SLACK_APP_TOKEN":      "xoxb-wrong-SECRET2",
		"SLACK_SIGNING_SECRET": "SECRET3",
		"SLACK_API_URL":        "ftp://example",
		"DATABASE_URL":         "mysql://root:SECRET4@db/x",
		"HTTP_ADDR":            "8080",
		"COALITION_TZ":         "Mars/Olympus",
		"BACKBONE_ADMINS":      "U01ABC,maria",
		"LOG_LEVEL":            "loud",

		"SLACK_MAX_SENDS_PER_SECOND": "0",
		"METRICS_ADDR":               "9090",
		"OUTBOX_RETENTION":           "2d",
	}))
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want *Error", err)
	}
	want := []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_API_URL", "DATABASE_URL", "HTTP_ADDR", "COALITION_TZ", "BACKBONE_ADMINS", "LOG_LEVEL", "SLACK_MAX_SENDS_PER_SECOND",
		"METRICS_ADDR", "OUTBOX_RETENTION"}
	if len(ce.Problems) != len(want) {
		t.Errorf("got %d problems, want %d:\n%v", len(ce.Problems), len(want), err)
	}
	for _, name := range want {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name %s:\n%v", name, err)
		}
	}
	for _, secret := range []string{"SECRET1", "SECRET2", "SECRET3", "SECRET4"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error leaks %s:\n%v", secret, err)
		}
	}
}

func TestParseTransportNeedsBotToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"app token alone", map[string]string{"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN is required"},
		{"signing secret alone", map[string]string{"SLACK_SIGNING_SECRET": "x"}, "SLACK_BOT_TOKEN is required"},
		{"bot token alone", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, "no transport"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestSecretNeverPrints(t *testing.T) {
	t.Parallel()
	s := Secret("xoxb-very-secret")
	for _, out := range []string{s.String(), fmt.Sprint(s), fmt.Sprintf("%v %s", s, s), s.LogValue().String()} {
		if strings.Contains(out, "xoxb") {
			t.Errorf("secret printed: %q", out)
		}
	}
	if s.Reveal() != "xoxb-very-secret" {
		t.Error("Reveal lost the value")
	}
}

func TestParseOutboxRetention(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"30d", 30 * 24 * time.Hour, true},
		{"7d", 7 * 24 * time.Hour, true},
		{"2160h", 90 * 24 * time.Hour, true},
		{"6d", 0, false},
		{"1h", 0, false},
		{"thirty", 0, false},
		{"-30d", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			c, err := Parse(env(map[string]string{"OUTBOX_RETENTION": tt.in}))
			if tt.ok != (err == nil) || (tt.ok && c.OutboxRetention != tt.want) {
				t.Errorf("got %v, %v; want %v (ok %v)", c.OutboxRetention, err, tt.want, tt.ok)
			}
		})
	}
}

func TestParseMetricsAddrApartFromHTTP(t *testing.T) {
	t.Parallel()
	_, err := Parse(env(map[string]string{"HTTP_ADDR": "0.0.0.0:8080", "METRICS_ADDR": "0.0.0.0:8080"}))
	if err == nil || !strings.Contains(err.Error(), "METRICS_ADDR must differ") {
		t.Errorf("err = %v", err)
	}
}

func TestParseInstall(t *testing.T) {
	t.Parallel()
	key := "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" // bytes 0..31
	full := map[string]string{"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "123.456", "SLACK_CLIENT_SECRET": "cs",
		"PUBLIC_URL": "https://backbone.example.org/", "TOKEN_ENCRYPTION_KEY": key}
	env := func(over map[string]string) func(string) string {
		m := map[string]string{}
		for k, v := range full {
			m[k] = v
		}
		for k, v := range over {
			m[k] = v
		}
		return func(k string) string { return m[k] }
	}
	c, err := Parse(env(nil))
	if err != nil {
		t.Fatalf("a full install configuration without SLACK_BOT_TOKEN: %v", err)
	}
	if c.PublicURL != "https://backbone.example.org" || !c.MultiWorkspace() || c.RetentionDaysAfterUninstall != 30 {
		t.Errorf("parsed %q, %+v", c.PublicURL, c.Install)
	}
	for _, tc := range []struct {
		over map[string]string
		want string
	}{
		{map[string]string{"SLACK_CLIENT_SECRET": ""}, "SLACK_CLIENT_SECRET"},
		{map[string]string{"PUBLIC_URL": "backbone.example.org"}, "PUBLIC_URL must be"},
		{map[string]string{"TOKEN_ENCRYPTION_KEY": "c2hvcnQ="}, "TOKEN_ENCRYPTION_KEY must be 32 random bytes"},
		{map[string]string{"TOKEN_ENCRYPTION_KEY_OLD": key}, "TOKEN_ENCRYPTION_KEY_OLD is the same key"},
		{map[string]string{"RETENTION_DAYS_AFTER_UNINSTALL": "0"}, "RETENTION_DAYS_AFTER_UNINSTALL must be"},
		{map[string]string{"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET (installed"},
	} {
		_, err := Parse(env(tc.over))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.over, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "cs") && strings.Contains(err.Error(), "=cs") {
			t.Errorf("the client secret leaked: %v", err)
		}
	}
	if _, err := Parse(func(k string) string { return map[string]string{"PUBLIC_URL": "http://localhost:8080"}[k] }); err != nil {
		t.Errorf("PUBLIC_URL alone (web links, no install): %v", err)
	}
}
