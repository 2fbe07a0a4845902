package slacktest

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"time"
)

// codeLifetime is how long an authorization code may be exchanged; Slack's
// expire after ten minutes.
const codeLifetime = 10 * time.Minute

// oauthV2Access exchanges an authorization code for the workspace's bot
// token (https://docs.slack.dev/reference/methods/oauth.v2.access). A code
// works once, for the client it was issued to, with that client's secret.
func (s *Server) oauthV2Access(_ context.Context, req apiRequest) result {
	clientID, secret := req.param("client_id"), req.param("client_secret")
	switch {
	case clientID == "":
		return fail("invalid_client_id")
	case clientID != s.opts.ClientID:
		return fail("invalid_client_id")
	case secret != s.opts.ClientSecret:
		return fail("bad_client_secret")
	}
	c, code := s.takeCode(req.param("code"), clientID)
	if code != "" {
		return fail(code)
	}
	ws, _ := s.Workspace(c.team)
	token := ws.install()
	return ok(map[string]any{
		"access_token": token, "token_type": "bot", "scope": c.scopes,
		"bot_user_id": ws.opts.BotUserID, "app_id": s.opts.AppID,
		"team":                  map[string]any{"id": ws.opts.TeamID, "name": ws.opts.TeamDomain},
		"enterprise":            ws.enterpriseField(),
		"is_enterprise_install": false,
		"authed_user":           map[string]any{"id": c.installer},
	})
}

// takeCode consumes a code, or returns Slack's error for it.
func (s *Server) takeCode(code, clientID string) (oauthCode, string) {
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	c, known := s.ws.codes[code]
	switch {
	case !known:
		return oauthCode{}, "invalid_code"
	case c.used:
		return oauthCode{}, "code_already_used"
	case c.clientID != clientID:
		return oauthCode{}, "invalid_code"
	case s.now().Sub(c.issued) > codeLifetime:
		return oauthCode{}, "code_expired"
	}
	c.used = true
	return *c, ""
}

func (s *Server) enterpriseField() any {
	if s.enterprise == "" {
		return nil
	}
	return map[string]any{"id": s.enterprise, "name": s.enterprise}
}

// handleAuthorize is Slack's consent page with the installer's "Allow"
// already clicked: it redirects to redirect_uri with a code for client_id
// and the state, as Slack does. The fake-only parameters team (default this
// server's) and user (default "U0INSTALLER") say who installs where;
// deny=1 is the installer clicking Cancel.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || redirect.Host == "" || q.Get("client_id") == "" {
		http.Error(w, "invalid_client_id or redirect_uri", http.StatusBadRequest)
		return
	}
	back := redirect.Query()
	back.Set("state", q.Get("state"))
	if q.Get("deny") == "1" {
		back.Set("error", "access_denied")
	} else {
		team, user := cmp.Or(q.Get("team"), s.opts.TeamID), cmp.Or(q.Get("user"), "U0INSTALLER")
		code, err := s.authorize(q.Get("client_id"), team, user, q.Get("scope"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		back.Set("code", code)
	}
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}
