// Package config reads Backbone's settings from the environment (and a .env
// file) once at start, and reports every problem in one go.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DefaultSlackAPIURL is Slack's own Web API base URL.
const DefaultSlackAPIURL = "https://slack.com/api/"

// Config is Backbone's whole configuration, validated.
type Config struct {
	SlackBotToken      Secret
	SlackAppToken      Secret
	SlackSigningSecret Secret
	SlackAPIURL        string
	DatabaseURL        Secret
	DataDir            string
	HTTPAddr           string
	CoalitionTZ        *time.Location
	Admins             []string
	LogLevel           slog.Level
	// SlackMaxSendsPerSecond paces the outbox's Web API calls across the
	// whole workspace, under Slack's workspace-wide chat.postMessage limit.
	SlackMaxSendsPerSecond float64
	// MetricsAddr is where /metrics listens, apart from HTTPAddr; empty
	// serves no metrics.
	MetricsAddr string
	// Pprof adds Go's profiles (/debug/pprof/) to the METRICS_ADDR
	// listener; off by default.
	Pprof bool
	// OutboxRetention is how long sent outbox rows are kept.
	OutboxRetention time.Duration
	// PublicURL is the http(s) address people and Slack reach Backbone
	// at, without a trailing slash (PUBLIC_URL); empty when unset.
	PublicURL string
	// Install is the "Add to Slack" configuration, for many workspaces.
	Install
	// SessionSecret signs the scorecard's sign-in links; empty: generated
	// once and kept under DATA_DIR.
	SessionSecret Secret
}

// DefaultOutboxRetention is how long sent outbox rows are kept by default.
const DefaultOutboxRetention = 30 * 24 * time.Hour

// MinOutboxRetention is the shortest retention allowed: the scheduler looks
// a week back for slots to catch up, and a message's dedupe key must
// outlive any chance of queueing it again.
const MinOutboxRetention = 7 * 24 * time.Hour

// DefaultSlackMaxSendsPerSecond is the outbox's default workspace-wide pace.
const DefaultSlackMaxSendsPerSecond = 20

// SocketMode reports whether the Socket Mode transport is configured.
func (c Config) SocketMode() bool { return c.SlackAppToken != "" }

// HTTPMode reports whether the HTTP Events API transport is configured.
func (c Config) HTTPMode() bool { return c.SlackSigningSecret != "" }

// SlackConfigured reports whether any Slack transport is configured.
func (c Config) SlackConfigured() bool { return c.SocketMode() || c.HTTPMode() }

// EmbeddedDatabase reports whether the binary must run its own PostgreSQL.
func (c Config) EmbeddedDatabase() bool { return c.DatabaseURL == "" }

// Error lists every configuration problem found.
type Error struct{ Problems []string }

func (e *Error) Error() string {
	return "invalid configuration:\n  - " + strings.Join(e.Problems, "\n  - ")
}

var slackUserID = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)

// Parse builds a Config from getenv (os.Getenv in production). Every problem
// is collected into one *Error; secret values never appear in it.
func Parse(getenv func(string) string) (Config, error) {
	p := parser{getenv: getenv}
	c := Config{
		SlackBotToken:      p.token("SLACK_BOT_TOKEN", "xoxb-"),
		SlackAppToken:      p.token("SLACK_APP_TOKEN", "xapp-"),
		SlackSigningSecret: Secret(p.str("SLACK_SIGNING_SECRET", "")),
		SlackAPIURL:        p.apiURL("SLACK_API_URL"),
		DatabaseURL:        p.databaseURL("DATABASE_URL"),
		DataDir:            p.str("DATA_DIR", "./data"),
		HTTPAddr:           p.hostPort("HTTP_ADDR", "127.0.0.1:8080"),
		CoalitionTZ:        p.location("COALITION_TZ", "UTC"),
		Admins:             p.userIDs("BACKBONE_ADMINS"),
		LogLevel:           p.level("LOG_LEVEL", "info"),

		SlackMaxSendsPerSecond: p.rate("SLACK_MAX_SENDS_PER_SECOND", DefaultSlackMaxSendsPerSecond),
		MetricsAddr:            p.optionalHostPort("METRICS_ADDR"),
		Pprof:                  p.boolean("PPROF"),
		OutboxRetention:        p.retention("OUTBOX_RETENTION", DefaultOutboxRetention),
		PublicURL:              p.publicURL("PUBLIC_URL"),
		SessionSecret:          p.sessionSecret("SESSION_SECRET"),
	}
	c.Install = p.install(c.PublicURL)
	if c.MetricsAddr != "" && c.MetricsAddr == c.HTTPAddr && !strings.HasSuffix(c.MetricsAddr, ":0") {
		p.problem("METRICS_ADDR must differ from HTTP_ADDR: metrics get their own listener, never the public Slack endpoint")
	}
	if c.Pprof && c.MetricsAddr == "" {
		p.problem("PPROF=on needs METRICS_ADDR: the profiles are served on that private listener only")
	}
	if c.SlackConfigured() && c.SlackBotToken == "" && (c.SocketMode() || !c.MultiWorkspace()) {
		p.problem("SLACK_BOT_TOKEN is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set (Slack app page → OAuth & Permissions → Bot User OAuth Token, starts with xoxb-)")
	}
	if c.SlackBotToken != "" && !c.SlackConfigured() {
		p.problem("SLACK_BOT_TOKEN is set but no transport is: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)")
	}
	if len(p.problems) > 0 {
		return Config{}, &Error{Problems: p.problems}
	}
	return c, nil
}

type parser struct {
	getenv   func(string) string
	problems []string
}

func (p *parser) problem(format string, args ...any) {
	p.problems = append(p.problems, fmt.Sprintf(format, args...))
}

// boolean reads on/off (also true/false, 1/0, yes/no); unset is off.
func (p *parser) boolean(name string) bool {
	switch v := strings.ToLower(strings.TrimSpace(p.str(name, ""))); v {
	case "", "off", "false", "0", "no":
		return false
	case "on", "true", "1", "yes":
		return true
	default:
		p.problem("%s must be on or off, not %q", name, v)
		return false
	}
}

func (p *parser) str(name, def string) string {
	if v := strings.TrimSpace(p.getenv(name)); v != "" {
		return v
	}
	return def
}

func (p *parser) token(name, prefix string) Secret {
	v := p.str(name, "")
	if v != "" && !strings.HasPrefix(v, prefix) {
		p.problem("%s must start with %q (check you copied the right token)", name, prefix)
	}
	return Secret(v)
}

func (p *parser) apiURL(name string) string {
	v := p.str(name, DefaultSlackAPIURL)
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.problem("%s must be an http(s) URL such as %s", name, DefaultSlackAPIURL)
		return ""
	}
	if !strings.HasSuffix(v, "/") {
		v += "/"
	}
	return v
}

func (p *parser) databaseURL(name string) Secret {
	v := p.str(name, "")
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		// The value may hold a password: name the variable, never echo it.
		p.problem("%s must look like postgres://user:password@host:5432/dbname, or be empty for the embedded database", name)
	}
	return Secret(v)
}

func (p *parser) hostPort(name, def string) string {
	v := p.str(name, def)
	if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
		p.problem("%s must be host:port, such as %s (got %q)", name, def, v)
	}
	return v
}

// optionalHostPort is a host:port, or empty when the variable is unset.
func (p *parser) optionalHostPort(name string) string {
	v := p.str(name, "")
	if v == "" {
		return ""
	}
	if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
		p.problem("%s must be host:port, such as 127.0.0.1:9090, or empty for no metrics (got %q)", name, v)
	}
	return v
}

// retention reads a number of days ("30d") or a Go duration ("720h").
func (p *parser) retention(name string, def time.Duration) time.Duration {
	v := p.str(name, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if n, ok := strings.CutSuffix(v, "d"); ok {
		var days int
		days, err = strconv.Atoi(n)
		d = time.Duration(days) * 24 * time.Hour
	}
	if err != nil || d < MinOutboxRetention {
		p.problem("%s must be a number of days such as 30d (or a duration such as 720h), at least 7d (got %q)", name, v)
		return def
	}
	return d
}

func (p *parser) location(name, def string) *time.Location {
	v := p.str(name, def)
	loc, err := time.LoadLocation(v)
	if err != nil || strings.HasPrefix(v, ":") {
		p.problem("%s must be an IANA timezone name such as America/New_York (got %q)", name, v)
		return time.UTC
	}
	return loc
}

func (p *parser) userIDs(name string) []string {
	var ids []string
	for _, id := range strings.Split(p.getenv(name), ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if !slackUserID.MatchString(id) {
			p.problem("%s must be Slack user IDs separated by commas, such as U012ABCDEF (got %q); find an ID in Slack under a profile → ⋮ → Copy member ID", name, id)
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

func (p *parser) rate(name string, def float64) float64 {
	v := p.str(name, "")
	if v == "" {
		return def
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f > 0 && f <= 1000) {
		p.problem("%s must be a number of messages per second above 0 and at most 1000, such as %g (got %q)", name, def, v)
		return def
	}
	return f
}

func (p *parser) level(name, def string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(p.str(name, def))); err != nil {
		p.problem("%s must be one of debug, info, warn, error", name)
		return slog.LevelInfo
	}
	return l
}

// Secret is a string that never prints itself: not in logs, errors or %v.
type Secret string

// String hides the value.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// LogValue hides the value from slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Reveal returns the secret itself, for the one place that must use it.
func (s Secret) Reveal() string { return string(s) }

// IsConfigError reports whether err is a configuration error.
func IsConfigError(err error) bool {
	var ce *Error
	return errors.As(err, &ce)
}
