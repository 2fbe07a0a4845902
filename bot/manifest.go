package bot

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/backbone-coalition/backbone/bot/kit"
)

// Manifest is a Slack app manifest, ready for "Create app → From a manifest".
type Manifest struct {
	DisplayInformation struct {
		Name            string `json:"name"`
		Description     string `json:"description"`
		BackgroundColor string `json:"background_color"`
		LongDescription string `json:"long_description"`
	} `json:"display_information"`
	Features struct {
		AppHome struct {
			HomeTabEnabled             bool `json:"home_tab_enabled"`
			MessagesTabEnabled         bool `json:"messages_tab_enabled"`
			MessagesTabReadOnlyEnabled bool `json:"messages_tab_read_only_enabled"`
		} `json:"app_home"`
		BotUser struct {
			DisplayName  string `json:"display_name"`
			AlwaysOnline bool   `json:"always_online"`
		} `json:"bot_user"`
		SlashCommands []ManifestCommand `json:"slash_commands"`
	} `json:"features"`
	OAuthConfig struct {
		RedirectURLs []string `json:"redirect_urls,omitempty"`
		Scopes       struct {
			Bot []string `json:"bot"`
		} `json:"scopes"`
	} `json:"oauth_config"`
	Settings struct {
		EventSubscriptions struct {
			RequestURL string   `json:"request_url,omitempty"`
			BotEvents  []string `json:"bot_events"`
		} `json:"event_subscriptions"`
		Interactivity struct {
			IsEnabled  bool   `json:"is_enabled"`
			RequestURL string `json:"request_url,omitempty"`
		} `json:"interactivity"`
		OrgDeployEnabled  bool `json:"org_deploy_enabled"`
		SocketModeEnabled bool `json:"socket_mode_enabled"`
	} `json:"settings"`
}

// ManifestCommand is one slash command in a manifest.
type ManifestCommand struct {
	Command      string `json:"command"`
	URL          string `json:"url,omitempty"`
	Description  string `json:"description"`
	UsageHint    string `json:"usage_hint,omitempty"`
	ShouldEscape bool   `json:"should_escape"`
}

// BuildManifest returns the app manifest. With an empty publicURL the app
// uses Socket Mode; otherwise Slack is told to call publicURL (HTTP mode).
func BuildManifest(name, publicURL string) Manifest {
	var m Manifest
	m.DisplayInformation.Name = name
	m.DisplayInformation.Description = "Keeps a coalition's promises, numbers and thanks moving between meetings."
	m.DisplayInformation.BackgroundColor = "#2c5f2d"
	m.DisplayInformation.LongDescription = "Backbone is the backbone organization's tireless assistant in a collective-impact coalition. " +
		"It records the commitments made in working-group meetings and follows them up, sends reminders between meetings in each person's own timezone, " +
		"collects the shared indicators partners agreed to report, and posts shout-outs and a weekly digest to the steering committee."
	m.Features.AppHome.HomeTabEnabled = true
	m.Features.AppHome.MessagesTabEnabled = true
	m.Features.BotUser.DisplayName = name
	m.Features.BotUser.AlwaysOnline = true
	for _, c := range kit.Commands() {
		mc := ManifestCommand{Command: c.Name, Description: c.Description, UsageHint: c.UsageHint, ShouldEscape: true}
		if publicURL != "" {
			mc.URL = publicURL + "/slack/commands"
		}
		m.Features.SlashCommands = append(m.Features.SlashCommands, mc)
	}
	// Only what the bot uses: channel and member lookups, posting (also in
	// public channels it was not invited to), slash commands, chart and
	// CSV uploads (files:read to check a share before retrying one),
	// reading and opening DMs, and profiles. Imports match members by
	// email (users:read.email, users.lookupByEmail) and read the CSV files
	// staff share in a DM (files:read, the file_shared event).
	m.OAuthConfig.Scopes.Bot = []string{
		"channels:read", "chat:write", "chat:write.public", "commands",
		"files:read", "files:write", "groups:read", "im:history", "im:write", "users:read", "users:read.email",
	}
	// app_uninstalled and tokens_revoked stop all sending to a workspace;
	// file_shared brings a CSV staff share in a DM to the import.
	m.Settings.EventSubscriptions.BotEvents = []string{"app_home_opened", "app_uninstalled", "file_shared", "member_joined_channel", "message.im", "tokens_revoked", "user_change"}
	m.Settings.Interactivity.IsEnabled = true
	m.Settings.SocketModeEnabled = publicURL == ""
	if publicURL != "" {
		m.Settings.EventSubscriptions.RequestURL = publicURL + "/slack/events"
		m.Settings.Interactivity.RequestURL = publicURL + "/slack/interactive"
	}
	return m
}

// WithInstall adds "Add to Slack" to an HTTP-mode manifest: the OAuth
// redirect URL Slack sends installers back to, and public distribution.
func (m Manifest) WithInstall(publicURL string) Manifest {
	m.OAuthConfig.RedirectURLs = []string{publicURL + "/slack/oauth_redirect"}
	return m
}

// PublicURL checks the address given for HTTP mode: Slack calls only
// https:// addresses, and the endpoints are appended to it, so a trailing
// slash is dropped rather than doubled (//slack/commands is answered 307).
func PublicURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	switch {
	case err != nil || u.Host == "" || u.Scheme == "":
		return "", fmt.Errorf("%q is not an address: give the https:// address Slack should call, such as https://backbone.example.org", raw)
	case u.Scheme != "https":
		return "", fmt.Errorf("%q is not https: Slack calls only https:// addresses (put TLS in front, e.g. a reverse proxy)", raw)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return "", fmt.Errorf("%q has a query, fragment or user: give only the https:// address and path, such as https://backbone.example.org", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}
