// Package install is "Add to Slack": the install page, the OAuth redirect
// that stores a workspace's installation and welcomes its installer, and
// the app_uninstalled and tokens_revoked events that stop all sending to a
// workspace at once.
package install

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/secret"
)

// Config is the app's OAuth client and where Backbone is reached.
type Config struct {
	ClientID     string
	ClientSecret string
	// PublicURL is Backbone's address, without a trailing slash.
	PublicURL string
	// APIURL is Slack's Web API base URL, "https://slack.com/api/"; the
	// consent page is beside it, at /oauth/v2/authorize.
	APIURL string
	// Scopes are the bot scopes asked for: the manifest's.
	Scopes []string
}

// Service serves the install flow and the uninstall events.
type Service struct {
	kit.Env
	cfg  Config
	keys *secret.Keyring
}

// New returns the install flow; keys seal the tokens it stores.
func New(env kit.Env, keys *secret.Keyring, cfg Config) *Service {
	return &Service{Env: env, cfg: cfg, keys: keys}
}

// Handler serves GET /slack/install and GET /slack/oauth_redirect.
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /slack/install", s.installPage)
	mux.HandleFunc("GET /slack/oauth_redirect", s.oauthRedirect)
	return mux
}

// RedirectURL is where Slack sends the installer back.
func (c Config) RedirectURL() string { return c.PublicURL + "/slack/oauth_redirect" }

// authorizeURL is Slack's consent page for state.
func (c Config) authorizeURL(state string) string {
	base := strings.TrimSuffix(c.APIURL, "api/") + "oauth/v2/authorize"
	q := url.Values{"client_id": {c.ClientID}, "scope": {strings.Join(c.Scopes, ",")}, "state": {state}, "redirect_uri": {c.RedirectURL()}}
	return base + "?" + q.Encode()
}
