package slacktest

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// Workspace describes another workspace the app can be installed in. Each
// is served by its own Server (see AddWorkspace): its own bot token, users,
// channels, messages, calls and rate limit, so a test can check that nothing
// of one reached another.
type Workspace struct {
	// TeamID is the workspace ID, such as "T0SECOND"; required.
	TeamID string
	// TeamDomain defaults to the lower-cased TeamID.
	TeamDomain string
	// EnterpriseID is set for a workspace of an Enterprise Grid org.
	EnterpriseID string
	// BotUserID is the bot user in that workspace; default "U0BOT" + TeamID.
	BotUserID string
}

// workspaces is the primary server's registry of the others, by team and
// by bot token; it has its own lock so a child's calls never wait on the
// primary's state.
type workspaces struct {
	mu     sync.Mutex
	byTeam map[string]*Server
	codes  map[string]*oauthCode
	seq    int
}

// oauthCode is one authorization code Slack hands the browser after the
// install consent screen.
type oauthCode struct {
	team, installer, scopes string
	clientID                string
	issued                  time.Time
	used                    bool
}

// AddWorkspace starts a Server for another workspace of the same app: same
// signing secret, app ID and clock, its own team, bot user and bot token.
// Web API calls made to this (the primary) server with that workspace's
// token are served by it, as Slack serves every workspace at one URL. Its
// token only works once the app is installed there (Authorize then
// oauth.v2.access).
func (s *Server) AddWorkspace(w Workspace) *Server {
	if w.TeamDomain == "" {
		w.TeamDomain = strings.ToLower(w.TeamID)
	}
	if w.BotUserID == "" {
		w.BotUserID = "U0BOT" + w.TeamID
	}
	o := s.opts
	o.TeamID, o.TeamDomain, o.BotUserID = w.TeamID, w.TeamDomain, w.BotUserID
	o.BotID = "B0" + w.TeamID
	o.BotToken = "xoxb-" + strings.ToLower(w.TeamID) + "-not-installed"
	child := NewServer(o)
	child.enterprise = w.EnterpriseID
	child.mu.Lock()
	child.st.revoked = true
	child.mu.Unlock()
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	s.ws.byTeam[w.TeamID] = child
	return child
}

// Workspace returns the server of a workspace added with AddWorkspace, or
// this server for its own team.
func (s *Server) Workspace(teamID string) (*Server, bool) {
	if teamID == s.opts.TeamID {
		return s, true
	}
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	child, ok := s.ws.byTeam[teamID]
	return child, ok
}

// serverFor returns the server whose workspace token is token: a child's,
// or s itself for its own tokens and any unknown one.
func (s *Server) serverFor(token string) *Server {
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	for _, child := range s.ws.byTeam {
		if child.BotToken() == token {
			return child
		}
	}
	return s
}

// closeWorkspaces closes every added workspace's server.
func (s *Server) closeWorkspaces() {
	s.ws.mu.Lock()
	children := make([]*Server, 0, len(s.ws.byTeam))
	for _, c := range s.ws.byTeam {
		children = append(children, c)
	}
	s.ws.mu.Unlock()
	for _, c := range children {
		c.Close()
	}
}

// BotToken is the workspace's current bot token: it changes when the app
// is installed again after its tokens were revoked.
func (s *Server) BotToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.botToken(s.opts.BotToken)
}

func (st *state) botToken(initial string) string {
	if st.token == "" {
		return initial
	}
	return st.token
}

// Authorize is the installer clicking "Allow" on Slack's consent screen for
// teamID (this server's team or one added with AddWorkspace): it returns
// the one-time code Slack would put on the redirect, valid ten minutes, for
// the app's client ID (Options.ClientID).
func (s *Server) Authorize(teamID, installerID, scopes string) (string, error) {
	return s.authorize(s.opts.ClientID, teamID, installerID, scopes)
}

// authorize issues a code for clientID: a code of another app is refused
// when exchanged with this one's client ID.
func (s *Server) authorize(clientID, teamID, installerID, scopes string) (string, error) {
	if _, ok := s.Workspace(teamID); !ok {
		return "", fmt.Errorf("slacktest: authorize: no workspace %s", teamID)
	}
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	s.ws.seq++
	code := fmt.Sprintf("code-%s-%d-%x", strings.ToLower(teamID), s.ws.seq, s.st.salt)
	s.ws.codes[code] = &oauthCode{team: teamID, installer: installerID, scopes: scopes, clientID: clientID, issued: s.now()}
	return code, nil
}

// Revoke revokes the workspace's bot token, as uninstalling the app does:
// every later call with it answers token_revoked. Deliver the
// app_uninstalled or tokens_revoked event (AppUninstalledEvent,
// TokensRevokedEvent) to tell the bot.
func (s *Server) Revoke() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.revoked = true
}

// install makes the workspace's token valid again, a new one when the old
// was revoked, and returns it.
func (s *Server) install() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.revoked {
		s.st.installs++
		s.st.token = fmt.Sprintf("xoxb-%s-%d-%x", strings.ToLower(s.opts.TeamID), s.st.installs, s.st.salt)
		s.st.revoked = false
	}
	return s.st.botToken(s.opts.BotToken)
}

// AppUninstalledEvent is the app_uninstalled event Slack sends once the app
// is removed from the workspace; deliver it with Event.
func (s *Server) AppUninstalledEvent() map[string]any {
	return map[string]any{"type": "app_uninstalled", "event_ts": s.eventTS()}
}

// TokensRevokedEvent is the tokens_revoked event for the bot's token.
func (s *Server) TokensRevokedEvent() map[string]any {
	return map[string]any{"type": "tokens_revoked", "event_ts": s.eventTS(),
		"tokens": map[string]any{"bot": []string{s.opts.BotUserID}}}
}

func (s *Server) eventTS() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.nextTS(s.now())
}

// ClearFaults drops the failures still queued for method (FailNext,
// FailWithError).
func (s *Server) ClearFaults(method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.st.faults, method)
}
