package config

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/backbone-coalition/backbone/secret"
)

// DefaultRetentionDaysAfterUninstall is how long a workspace's data is kept
// after the app is uninstalled from it, so that a reinstall finds it.
const DefaultRetentionDaysAfterUninstall = 30

// Install is the "Add to Slack" configuration: the app's OAuth client and
// the keys sealing the installed workspaces' tokens. With no ClientID,
// Backbone serves the one SLACK_BOT_TOKEN workspace as before.
type Install struct {
	SlackClientID     string
	SlackClientSecret Secret
	// TokenEncryptionKey seals tokens; TokenEncryptionKeyOld, during a key
	// rotation, still opens those sealed before (base64, 32 bytes each).
	TokenEncryptionKey    Secret
	TokenEncryptionKeyOld Secret
	// RetentionDaysAfterUninstall is how long an uninstalled workspace's
	// data is kept before the nightly purge deletes it.
	RetentionDaysAfterUninstall int
}

// MultiWorkspace reports whether "Add to Slack" is configured.
func (c Config) MultiWorkspace() bool { return c.SlackClientID != "" }

func (p *parser) install(publicURL string) Install {
	in := Install{
		SlackClientID:               p.str("SLACK_CLIENT_ID", ""),
		SlackClientSecret:           Secret(p.str("SLACK_CLIENT_SECRET", "")),
		TokenEncryptionKey:          p.key("TOKEN_ENCRYPTION_KEY"),
		TokenEncryptionKeyOld:       p.key("TOKEN_ENCRYPTION_KEY_OLD"),
		RetentionDaysAfterUninstall: p.days("RETENTION_DAYS_AFTER_UNINSTALL", DefaultRetentionDaysAfterUninstall),
	}
	if in.SlackClientID == "" {
		return in
	}
	for _, need := range []struct {
		name    string
		missing bool
	}{
		{"SLACK_CLIENT_SECRET (Slack app page → Basic Information → App Credentials)", in.SlackClientSecret == ""},
		{"PUBLIC_URL (the https:// address Slack redirects installers to)", publicURL == ""},
		{"TOKEN_ENCRYPTION_KEY (make one with: openssl rand -base64 32)", in.TokenEncryptionKey == ""},
		{"SLACK_SIGNING_SECRET (installed workspaces reach Backbone in HTTP mode)", p.getenv("SLACK_SIGNING_SECRET") == ""},
	} {
		if need.missing {
			p.problem("SLACK_CLIENT_ID is set, so %s is required", need.name)
		}
	}
	if in.TokenEncryptionKeyOld != "" && in.TokenEncryptionKeyOld == in.TokenEncryptionKey {
		p.problem("TOKEN_ENCRYPTION_KEY_OLD is the same key as TOKEN_ENCRYPTION_KEY: keep the old key there only while `backbone rotate-key` runs")
	}
	return in
}

// publicURL reads an http(s) URL and drops its trailing slash.
func (p *parser) publicURL(name string) string {
	v := p.str(name, "")
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		p.problem("%s must be the http(s) address Backbone is reached at, such as https://backbone.example.org (got %q)", name, v)
		return ""
	}
	return strings.TrimRight(v, "/")
}

// key checks a base64 AES-256 key without ever echoing it.
func (p *parser) key(name string) Secret {
	v := p.str(name, "")
	if v == "" {
		return ""
	}
	if _, err := secret.ParseKey(v); err != nil {
		p.problem("%s must be 32 random bytes in base64 (make one with: openssl rand -base64 32): %v", name, err)
	}
	return Secret(v)
}

// days reads a whole number of days, 1 to 3650.
func (p *parser) days(name string, def int) int {
	v := strings.TrimSuffix(p.str(name, ""), "d")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 3650 {
		p.problem("%s must be a whole number of days from 1 to 3650, such as %d (got %q)", name, def, v)
		return def
	}
	return n
}
