package install

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/secret"
	"github.com/backbone-coalition/backbone/store"
)

// installPage is the "Add to Slack" page: a fresh state for this browser,
// and the button to Slack's consent page.
func (s *Service) installPage(w http.ResponseWriter, r *http.Request) {
	state, err := s.newState(r.Context(), w)
	if err != nil {
		s.Log.Error("install page: state not saved", "err", err)
		page(w, http.StatusInternalServerError, problemPage, pageData{Problem: "Something went wrong on our side; we've logged it. Please try again in a minute."})
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	page(w, http.StatusOK, installTemplate, pageData{AuthorizeURL: s.cfg.authorizeURL(state)})
}

// oauthRedirect is where Slack sends the installer back: it checks the
// state against the browser, exchanges the code, stores the installation,
// makes the installer backbone staff and welcomes them.
func (s *Service) oauthRedirect(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	if q.Get("error") != "" {
		// access_denied: the installer clicked Cancel on Slack's page.
		page(w, http.StatusOK, problemPage, pageData{Problem: "Backbone was not added: the install was cancelled in Slack.", Retry: s.cfg.PublicURL + "/slack/install"})
		return
	}
	ok, err := s.useState(ctx, r)
	if err != nil {
		s.Log.Error("install: state not checked", "err", err)
		page(w, http.StatusInternalServerError, problemPage, pageData{Problem: "Something went wrong on our side; we've logged it. Please try again in a minute."})
		return
	}
	clearCookie(w)
	if !ok {
		s.Log.Warn("install refused: unknown, expired, reused or other browser's state", "remote", r.RemoteAddr)
		page(w, http.StatusBadRequest, problemPage, pageData{Problem: "This install link has expired, was already used, or was started in another browser.", Retry: s.cfg.PublicURL + "/slack/install"})
		return
	}
	in, err := s.complete(ctx, q.Get("code"))
	if err != nil {
		s.refuse(w, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	page(w, http.StatusOK, welcomePage, pageData{Team: in.TeamName})
}

// refuse answers a failed exchange: Slack's refusal is the installer's
// to retry, anything else is ours.
func (s *Service) refuse(w http.ResponseWriter, err error) {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		s.Log.Warn("install refused by Slack", "slack_error", se.Err)
		page(w, http.StatusBadRequest, problemPage, pageData{Problem: "Slack did not confirm this install (" + se.Err + "). Please start again.", Retry: s.cfg.PublicURL + "/slack/install"})
		return
	}
	s.Log.Error("install failed", "err", err)
	page(w, http.StatusInternalServerError, problemPage, pageData{Problem: "Something went wrong on our side; we've logged it. Please try again in a minute.", Retry: s.cfg.PublicURL + "/slack/install"})
}

// complete exchanges code for the workspace's token and records the
// installation, its staff and the welcome in one transaction.
func (s *Service) complete(ctx context.Context, code string) (store.Installation, error) {
	if code == "" {
		return store.Installation{}, slack.SlackErrorResponse{Err: "missing_code"}
	}
	resp, err := slack.GetOAuthV2ResponseContext(ctx, s.HTTP, s.cfg.ClientID, s.cfg.ClientSecret, code, s.cfg.RedirectURL(), slack.OAuthOptionAPIURL(s.cfg.APIURL))
	if err != nil {
		return store.Installation{}, fmt.Errorf("oauth.v2.access: %w", err)
	}
	if resp.Team.ID == "" || resp.AccessToken == "" || resp.TokenType != "bot" {
		return store.Installation{}, slack.SlackErrorResponse{Err: "no_bot_token"}
	}
	sealed, err := s.keys.Seal(resp.AccessToken, resp.Team.ID)
	if err != nil {
		return store.Installation{}, err
	}
	in := store.Installation{TeamID: resp.Team.ID, EnterpriseID: resp.Enterprise.ID, TeamName: resp.Team.Name, BotUserID: resp.BotUserID,
		BotToken: sealed, KeyID: secret.SealedUnder(sealed), Scopes: resp.Scope, InstallerID: resp.AuthedUser.ID}
	api := slack.New(resp.AccessToken, slack.OptionAPIURL(s.cfg.APIURL), slack.OptionHTTPClient(s.HTTP))
	installer, err := api.GetUserInfoContext(ctx, in.InstallerID)
	if err != nil {
		return in, fmt.Errorf("read installer's profile: %w", err)
	}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error { return s.record(ctx, tx, in, installer) })
	if err == nil {
		s.Log.Info("workspace installed", "team_id", in.TeamID, "installer", in.InstallerID, "scopes", in.Scopes)
	}
	return in, err
}

// record stores the installation, makes the installer staff and queues
// their welcome DM.
func (s *Service) record(ctx context.Context, tx *store.Tx, in store.Installation, installer *slack.User) error {
	now := s.Now()
	before, err := tx.Installation(ctx, in.TeamID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if err := tx.SaveInstallation(ctx, in, now); err != nil {
		return err
	}
	if _, err := tx.SaveProfile(ctx, directory.Profile(in.TeamID, installer), store.RoleBackbone, now); err != nil {
		return err
	}
	if err := tx.SetMemberRole(ctx, in.TeamID, in.InstallerID, store.RoleBackbone); err != nil {
		return err
	}
	action := "app.install"
	if before.TeamID != "" {
		action = "app.reinstall"
	}
	if err := tx.Audit(ctx, store.Change{TeamID: in.TeamID, Actor: in.InstallerID, Action: action, Entity: "installation", EntityID: in.TeamID,
		After: map[string]string{"scopes": in.Scopes, "installer": in.InstallerID}}); err != nil {
		return err
	}
	_, err = kit.Queue(ctx, tx, welcome(in, now.UnixNano()))
	return err
}

// welcome is the installer's first DM: what they can do now.
func welcome(in store.Installation, stamp int64) kit.Message {
	steps := []string{
		"👋 Thanks for adding Backbone" + teamPart(in.TeamName) + "! You are backbone staff of this coalition. Three first steps:",
		"1. Type `/backbone setup` to name the coalition and set its timezone.",
		"2. Invite me to your working groups' channels: `/invite @Backbone` in each.",
		"3. In your next meeting, record a promise with `/commit`, such as `/commit Send the survey draft by Friday`.",
		"`/backbone help` lists everything staff can do.",
	}
	return kit.Message{TeamID: in.TeamID, Key: fmt.Sprintf("welcome:%s:%d", in.InstallerID, stamp), Channel: in.InstallerID, Text: strings.Join(steps, "\n")}
}

func teamPart(name string) string {
	if name == "" {
		return ""
	}
	return " to " + kit.Escape(name)
}
